//! OData system query options as Microsoft Graph reads them, applied to a
//! documented response body.
//!
//! The rules come from the Graph concept page *Use query parameters to
//! customize responses* (`query-parameters.md`, July 2021) and *Paging*
//! (`paging.md`):
//!
//! * The system query options Graph documents are `$count`, `$expand`,
//!   `$filter`, `$format`, `$orderby`, `$search`, `$select`, `$skip` and `$top`,
//!   plus `$skipToken` (paging) and, on delta functions, `$deltaToken`
//!   (`delta-query-overview.md`). Reference pages also use `$apply` (access
//!   reviews, reports) and `$id` (`DELETE …/$ref?$id=…`); they are recognised
//!   and kept in [`QueryOptions::other_system`]. `$levels` is not a top-level
//!   option in Graph: it only appears *inside* `$expand`
//!   (`$expand=manager($levels=max)`), so it is not recognised here.
//! * Names are case-insensitive (`$skipToken` and `$skiptoken` are one
//!   option; pages write both).
//! * **The `$` prefix.** "On the beta endpoint, the `$` prefix is optional
//!   […]. On the v1 endpoint, the `$` prefix is optional for only a subset of
//!   APIs." A stub cannot know that subset, so on `v1.0` only `$`-prefixed
//!   names are system options and a bare `select=` is an ordinary (custom)
//!   parameter; on `beta` a bare name is the system option. The v1.0 pages that
//!   write a bare name (OneDrive and SharePoint: `?expand=`, `?select=`) show
//!   a response that already reflects it, so not applying it there loses
//!   nothing, and the docs allow a query option to "fail silently". Note that
//!   on beta this also reads driveItem's `content?format=pdf` as `$format`,
//!   which [`apply`] never acts on.
//! * A `$`-prefixed name that Graph does not document (`$foo`) stays a custom
//!   parameter, as given: the docs only say unsupported parameters may be
//!   ignored.
//! * `$top`: "The minimum value of `$top` is 1 and the maximum depends on the
//!   corresponding API", so `$top=0` is a 400 here; no maximum is enforced.
//!   `$skip` is any non-negative integer. `$count` is `true` or `false`.
//! * An option given twice is a 400, as in the OData library Graph runs on.

mod apply;
mod options;
#[cfg(test)]
mod tests;

pub use apply::{apply, count_text};
pub use options::{QueryError, QueryOptions, SYSTEM_OPTIONS, system_option};
