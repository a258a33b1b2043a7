//! Genesys Cloud regions and their domains.

use std::fmt;
use std::str::FromStr;

/// A Genesys Cloud region (deployment). Each region has its own domain; the API is served from
/// `https://api.<domain>` and OAuth from `https://login.<domain>`.
///
/// Parse one from its name (`us_east_1`, `us-east-1`) or domain (`mypurecloud.ie`,
/// `api.mypurecloud.ie`, `login.mypurecloud.ie`), in any case:
///
/// ```
/// use genesys_cloud::Region;
/// let region: Region = "api.mypurecloud.ie".parse()?;
/// assert_eq!(region, Region::EuWest1);
/// assert_eq!(region.api_url(), "https://api.mypurecloud.ie");
/// assert_eq!("EU-WEST-1".parse::<Region>()?, Region::EuWest1);
/// # Ok::<(), genesys_cloud::runtime::ParseRegionError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Region {
    /// Americas (US East), `mypurecloud.com`. The default.
    #[default]
    UsEast1,
    /// EMEA (Dublin), `mypurecloud.ie`.
    EuWest1,
    /// Asia Pacific (Sydney), `mypurecloud.com.au`.
    ApSoutheast2,
    /// Asia Pacific (Tokyo), `mypurecloud.jp`.
    ApNortheast1,
    /// EMEA (Frankfurt), `mypurecloud.de`.
    EuCentral1,
    /// Americas (US West), `usw2.pure.cloud`.
    UsWest2,
    /// Americas (Canada), `cac1.pure.cloud`.
    CaCentral1,
    /// Asia Pacific (Seoul), `apne2.pure.cloud`.
    ApNortheast2,
    /// EMEA (London), `euw2.pure.cloud`.
    EuWest2,
    /// Asia Pacific (Mumbai), `aps1.pure.cloud`.
    ApSouth1,
    /// Americas (US East 2, FedRAMP), `use2.us-gov-pure.cloud`.
    UsEast2,
    /// Americas (São Paulo), `sae1.pure.cloud`.
    SaEast1,
    /// Middle East (UAE), `mec1.pure.cloud`.
    MeCentral1,
    /// Asia Pacific (Osaka), `apne3.pure.cloud`.
    ApNortheast3,
    /// EMEA (Zurich), `euc2.pure.cloud`.
    EuCentral2,
    /// Americas (Mexico), `mxc1.pure.cloud`.
    MxCentral1,
    /// Asia Pacific (Singapore), `apse1.pure.cloud`.
    ApSoutheast1,
    /// EU Sovereign Cloud (Germany East), `edee1.eusc-pure.cloud`.
    EuscDeEast1,
}

impl Region {
    /// Every region, in a stable order.
    pub const ALL: &'static [Region] = &[
        Region::UsEast1,
        Region::EuWest1,
        Region::ApSoutheast2,
        Region::ApNortheast1,
        Region::EuCentral1,
        Region::UsWest2,
        Region::CaCentral1,
        Region::ApNortheast2,
        Region::EuWest2,
        Region::ApSouth1,
        Region::UsEast2,
        Region::SaEast1,
        Region::MeCentral1,
        Region::ApNortheast3,
        Region::EuCentral2,
        Region::MxCentral1,
        Region::ApSoutheast1,
        Region::EuscDeEast1,
    ];

    /// Every region (same as [`Region::ALL`]).
    pub fn all() -> &'static [Region] {
        Self::ALL
    }

    /// The region's name with underscores, e.g. `"us_east_1"`.
    pub const fn name(self) -> &'static str {
        match self {
            Region::UsEast1 => "us_east_1",
            Region::EuWest1 => "eu_west_1",
            Region::ApSoutheast2 => "ap_southeast_2",
            Region::ApNortheast1 => "ap_northeast_1",
            Region::EuCentral1 => "eu_central_1",
            Region::UsWest2 => "us_west_2",
            Region::CaCentral1 => "ca_central_1",
            Region::ApNortheast2 => "ap_northeast_2",
            Region::EuWest2 => "eu_west_2",
            Region::ApSouth1 => "ap_south_1",
            Region::UsEast2 => "us_east_2",
            Region::SaEast1 => "sa_east_1",
            Region::MeCentral1 => "me_central_1",
            Region::ApNortheast3 => "ap_northeast_3",
            Region::EuCentral2 => "eu_central_2",
            Region::MxCentral1 => "mx_central_1",
            Region::ApSoutheast1 => "ap_southeast_1",
            Region::EuscDeEast1 => "eusc_de_east_1",
        }
    }

    /// The region's domain, e.g. `"mypurecloud.com"`.
    pub const fn domain(self) -> &'static str {
        match self {
            Region::UsEast1 => "mypurecloud.com",
            Region::EuWest1 => "mypurecloud.ie",
            Region::ApSoutheast2 => "mypurecloud.com.au",
            Region::ApNortheast1 => "mypurecloud.jp",
            Region::EuCentral1 => "mypurecloud.de",
            Region::UsWest2 => "usw2.pure.cloud",
            Region::CaCentral1 => "cac1.pure.cloud",
            Region::ApNortheast2 => "apne2.pure.cloud",
            Region::EuWest2 => "euw2.pure.cloud",
            Region::ApSouth1 => "aps1.pure.cloud",
            Region::UsEast2 => "use2.us-gov-pure.cloud",
            Region::SaEast1 => "sae1.pure.cloud",
            Region::MeCentral1 => "mec1.pure.cloud",
            Region::ApNortheast3 => "apne3.pure.cloud",
            Region::EuCentral2 => "euc2.pure.cloud",
            Region::MxCentral1 => "mxc1.pure.cloud",
            Region::ApSoutheast1 => "apse1.pure.cloud",
            Region::EuscDeEast1 => "edee1.eusc-pure.cloud",
        }
    }

    /// The API base URL, `https://api.<domain>`.
    pub fn api_url(self) -> String {
        format!("https://api.{}", self.domain())
    }

    /// The OAuth (login) base URL, `https://login.<domain>`.
    pub fn login_url(self) -> String {
        format!("https://login.{}", self.domain())
    }

    /// The region whose domain is `domain` (exact, lower case), if any.
    pub fn from_domain(domain: &str) -> Option<Region> {
        Self::ALL.iter().copied().find(|r| r.domain() == domain)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Region`] from a string that names no known region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseRegionError {
    input: String,
}

impl fmt::Display for ParseRegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown Genesys Cloud region `{}` (expected a name like `us_east_1`/`us-east-1` or a domain like `mypurecloud.com`)",
            self.input
        )
    }
}

impl std::error::Error for ParseRegionError {}

impl FromStr for Region {
    type Err = ParseRegionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let mut text = lower.as_str();
        for scheme in ["https://", "http://"] {
            if let Some(rest) = text.strip_prefix(scheme) {
                text = rest;
            }
        }
        let text = text.trim_end_matches('/');
        let name = text.replace('-', "_");
        if let Some(region) = Self::ALL.iter().copied().find(|r| r.name() == name) {
            return Ok(region);
        }
        let domain = text
            .strip_prefix("api.")
            .or_else(|| text.strip_prefix("login."))
            .unwrap_or(text);
        Region::from_domain(domain).ok_or_else(|| ParseRegionError {
            input: s.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_round_trips() {
        assert_eq!(Region::ALL.len(), 18);
        for &r in Region::ALL {
            assert_eq!(r.name().parse::<Region>(), Ok(r));
            assert_eq!(r.name().replace('_', "-").parse::<Region>(), Ok(r));
            assert_eq!(r.name().to_uppercase().parse::<Region>(), Ok(r));
            assert_eq!(r.domain().parse::<Region>(), Ok(r));
            assert_eq!(format!("api.{}", r.domain()).parse::<Region>(), Ok(r));
            assert_eq!(r.api_url().parse::<Region>(), Ok(r));
            assert_eq!(r.login_url().parse::<Region>(), Ok(r));
            assert_eq!(r.to_string(), r.name());
        }
        let mut domains: Vec<_> = Region::ALL.iter().map(|r| r.domain()).collect();
        domains.sort_unstable();
        domains.dedup();
        assert_eq!(domains.len(), Region::ALL.len());
    }

    #[test]
    fn known_urls() {
        assert_eq!(Region::UsEast1.api_url(), "https://api.mypurecloud.com");
        assert_eq!(Region::EuWest1.login_url(), "https://login.mypurecloud.ie");
        assert_eq!(
            Region::UsEast2.api_url(),
            "https://api.use2.us-gov-pure.cloud"
        );
        assert_eq!(
            Region::EuscDeEast1.login_url(),
            "https://login.edee1.eusc-pure.cloud"
        );
        assert_eq!(Region::default(), Region::UsEast1);
    }

    #[test]
    fn rejects_unknown() {
        let err = "mars_north_1".parse::<Region>().unwrap_err();
        assert!(err.to_string().contains("mars_north_1"));
        assert!("".parse::<Region>().is_err());
        assert!("example.com".parse::<Region>().is_err());
    }
}
