//! Command-line arguments (clap). Converted to library calls in one place per
//! command; nothing here parses pages or prints.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "mdcontract",
    version,
    about = "Contract tests for API reference docs written in markdown",
    long_about = "mdcontract turns the HTTP examples of Graph-style API reference pages into \
executable contracts: it extracts every request/response example with its exact place, \
checks it, and replays it.\n\n\
Exit codes: 0 no error findings, 1 error findings, 2 usage or I/O error.",
    after_help = "Examples:\n  \
mdcontract check specs/                        # every static check; exit 1 on error findings\n  \
mdcontract extract specs/                      # every example, human-readable\n  \
mdcontract extract docs/ --format json > x.jsonl  # JSON lines for tools\n  \
mdcontract extract page.txt                    # a file named explicitly is read whatever its extension\n  \
mdcontract check docs/ --metadata v1.0=v1.0.csdl.xml --html report.html\n  \
mdcontract replay specs/ --junit replay.xml     # every example against a stub\n  \
mdcontract serve specs/ --journal j.jsonl       # a stub server for SDK tests; then: mdcontract verify --journal j.jsonl\n  \
mdcontract drift --from v1.0.csdl.xml --to beta.csdl.xml   # breaking changes first\n  \
mdcontract completions bash; mdcontract man     # shell completions, man page"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in text output: `auto` (on a terminal, unless NO_COLOR is
    /// set), `always` or `never`.
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Text output of `check` and `replay`: print only the summary (no
    /// finding or failure one by one, no progress).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Elvish,
    Fish,
    Powershell,
    Zsh,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `mdcontract.1` and one `mdcontract-COMMAND.1` per command into
    /// this directory instead of printing `mdcontract.1` to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every example, resource and URL template from markdown pages.
    ///
    /// Directories are walked for *.md files (README.md and NOTICE.md are
    /// skipped); files named explicitly are read whatever their extension.
    /// Every fence ends as an example part, a resource, a template, an ignored
    /// block or a finding saying why not.
    #[command(after_help = "Examples:\n  \
mdcontract extract specs/\n  \
mdcontract extract ../docs/api-reference/v1.0 --format json | jq 'select(.kind==\"example\") | .id'")]
    Extract(ExtractArgs),
    /// Check every example and page statically: bodies against the type
    /// schemas, URLs against the metadata, HTTP semantics, permissions.
    ///
    /// Metadata and permission files may name the API version they apply to
    /// (`beta=beta.csdl.xml`): they then check the examples of that version
    /// (the URL's version segment, else the page's folder). A file without a
    /// version applies to every version.
    #[command(after_help = "Examples:\n  \
mdcontract check specs/\n  \
mdcontract check docs/ --metadata v1.0=v1.0.csdl.xml --metadata beta=beta.csdl.xml \\\n      \
--permissions v1.0=v1.0.permissions.xml --format sarif > results.sarif")]
    Check(CheckArgs),
    /// Write one JSON Schema (2020-12) per type: from OData CSDL metadata, or
    /// from the docs' own resource pages when no metadata is given.
    ///
    /// Each type becomes `<qualified name>.json`, with `$ref`s between types,
    /// plus an `index.json`. The output directory must be new or empty unless
    /// --force is given, so nothing you wrote is overwritten.
    #[command(after_help = "Examples:\n  \
mdcontract schema --metadata beta.csdl.xml --out schemas/beta\n  \
mdcontract schema specs/v1.0 --out schemas/docs        # from resource pages")]
    Schema(SchemaArgs),
    /// Replay every example against a stub, or a live service, and check
    /// what comes back.
    ///
    /// Against the stub, each example's documented response is mounted on a
    /// wiremock stub for its documented request, the documented request is
    /// sent, and the exchange is checked: status code, Content-Type, and the
    /// body (JSON compared as JSON; each difference named by its JSON pointer
    /// and line). With --live, the documented requests go to --base-url and
    /// the answers are checked by status, media type and body shape (keys and
    /// JSON types); writes are skipped unless --allow-writes. Credentials come
    /// from MDCONTRACT_TOKEN, or MDCONTRACT_TOKEN_URL, MDCONTRACT_CLIENT_ID,
    /// MDCONTRACT_CLIENT_SECRET (and MDCONTRACT_SCOPE); they never appear in
    /// any output. Exit 1 when an example fails.
    #[command(after_help = "Examples:\n  \
mdcontract replay specs/\n  \
mdcontract replay docs/ --filter 'v1.0/api/user-*' --jobs 16\n  \
mdcontract replay docs/ --junit replay.xml --format json > replay.jsonl\n  \
MDCONTRACT_TOKEN=... mdcontract replay docs/v1.0 --live --base-url https://graph.microsoft.com\n  \
mdcontract replay docs/ --live --base-url beta=http://127.0.0.1:8080/beta --allow-writes --timeout 5")]
    Replay(ReplayArgs),
    /// Serve every example of the pages as one stub server on 127.0.0.1,
    /// under /<version>/..., journaling every request.
    ///
    /// Requests are matched by Graph's rules, against every URL the pages
    /// give for an operation (the examples' and every line of each page's
    /// HTTP request block): decoded, case-insensitive segments, functions
    /// with or without `()`, keys in parentheses, path addressing
    /// (`root:/a/b.txt:`). OData system query options are taken everywhere
    /// and applied ($select, $top, $skip, $count); other parameters must be
    /// documented. JSON bodies are judged by the operation's types in the
    /// metadata; other media types go to operations that take bytes.
    /// `/$count`, media streams and `POST /<version>/$batch` follow OData.
    /// Operations without a usable example are answered from the metadata;
    /// examples no client can read are served repaired (not with --strict).
    /// The bound URL is printed on one line when the server is ready; SIGINT
    /// or SIGTERM stops it and flushes the journal. Exit 2 when the port is
    /// in use.
    #[command(after_help = "Examples:\n  \
mdcontract serve specs/ --port 8080 --journal requests.jsonl\n  \
mdcontract serve docs/v1.0 --port 0     # any free port; the URL is printed")]
    Serve(ServeArgs),
    /// Judge a `serve` journal: coverage of the documented examples, and
    /// every request that matched none, with the closest example and why.
    /// Exit 1 when a request matched no example.
    #[command(after_help = "Examples:\n  \
mdcontract verify --journal requests.jsonl --docs specs/\n  \
mdcontract verify --journal requests.jsonl --format json --junit verify.xml")]
    Verify(VerifyArgs),
    /// Report drift: where the docs, the service metadata and the live service disagree, or what changed between two metadata files.
    ///
    /// Exactly one comparison per run:
    ///   --from OLD.csdl --to NEW.csdl        metadata ⇄ metadata, breaking changes first
    ///   --docs PATH --metadata CSDL          docs ⇄ metadata
    ///   --docs PATH --live --base-url URL    docs ⇄ live (documented GETs only)
    ///
    /// Exit 0 when the two sides agree, 1 on drift, 2 on usage or I/O errors.
    #[command(
        verbatim_doc_comment,
        after_help = "Examples:\n  \
mdcontract drift --from v1.0.csdl.xml --to beta.csdl.xml --format markdown > drift.md\n  \
mdcontract drift --docs docs/v1.0 --metadata v1.0.csdl.xml --format json\n  \
MDCONTRACT_TOKEN=... mdcontract drift --docs docs/v1.0 --live --base-url https://graph.microsoft.com/v1.0"
    )]
    Drift(DriftArgs),
    /// Print a shell completion script, generated from this command line.
    #[command(after_help = "Examples:\n  \
mdcontract completions bash > ~/.local/share/bash-completion/completions/mdcontract\n  \
mdcontract completions zsh > ~/.zfunc/_mdcontract      # with fpath+=~/.zfunc in .zshrc\n  \
mdcontract completions fish > ~/.config/fish/completions/mdcontract.fish")]
    Completions(CompletionsArgs),
    /// Print the man page (roff), generated from this command line.
    #[command(after_help = "Examples:\n  \
mdcontract man | man -l -\n  \
mdcontract man --out ~/.local/share/man/man1       # mdcontract.1 and mdcontract-<command>.1")]
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    /// The older metadata file (with --to).
    #[arg(long, value_name = "CSDL", requires = "to", conflicts_with_all = ["docs", "live"])]
    pub from: Option<PathBuf>,
    /// The newer metadata file (with --from).
    #[arg(long, value_name = "CSDL", requires = "from")]
    pub to: Option<PathBuf>,
    /// Pages or directories of pages (with --metadata or --live).
    #[arg(long, value_name = "PATH")]
    pub docs: Vec<PathBuf>,
    /// OData CSDL metadata to compare the docs with, `[VERSION=]FILE`.
    #[arg(long, value_name = "[VERSION=]CSDL")]
    pub metadata: Vec<String>,
    /// Compare the docs with the live service at --base-url.
    #[arg(long, requires = "base_url")]
    pub live: bool,
    /// Base URL of the live service, `[VERSION=]URL`: the service root
    /// (https://graph.microsoft.com), or one version's root
    /// (https://graph.microsoft.com/v1.0, or v1.0=URL). Repeatable.
    #[arg(long, value_name = "[VERSION=]URL")]
    pub base_url: Vec<String>,
    /// Per-request timeout in seconds (live).
    #[arg(long, value_name = "S", default_value_t = 30)]
    pub timeout: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    pub format: DriftFormat,
    /// Also write a self-contained HTML report here: breaking and additive
    /// changes per namespace, and a filterable table of items.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    /// Counts per kind, then one line per item, breaking first.
    Text,
    /// JSON lines: one item per line, then a summary.
    Json,
    /// A markdown summary that fits a pull-request comment.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Pages or directories of pages.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Port on 127.0.0.1; 0 picks any free port.
    #[arg(long, value_name = "P", default_value_t = 0)]
    pub port: u16,
    /// OData CSDL metadata, `[VERSION=]FILE` (read and checked at start).
    #[arg(long, value_name = "[VERSION=]CSDL")]
    pub metadata: Vec<String>,
    /// Append every request received as a JSON line here.
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Serve the examples as written. By default an example whose response
    /// no client can read (one entity wrapped in `value`, a collection as a
    /// bare array, JSON that is not strict) is served in the shape the
    /// metadata dictates, and the journal names the finding code.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The journal written by `serve --journal`.
    #[arg(long, value_name = "FILE")]
    pub journal: PathBuf,
    /// The pages served (pages or directories, one or more, like `serve`):
    /// coverage then lists every documented example, and requests are
    /// matched again against the docs as they are now.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub docs: Vec<PathBuf>,
    /// OData CSDL metadata, `[VERSION=]FILE`, for the body schema check
    /// when matching again with --docs.
    #[arg(long, value_name = "[VERSION=]CSDL", requires = "docs")]
    pub metadata: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
    /// Also write a JUnit XML report here (one testcase per example, one
    /// failure per unmatched request).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write a self-contained HTML report here: coverage charts, and
    /// the unmatched requests with the closest example and why.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Text: list every unmatched request, every repaired example and every
    /// example not exercised (by default the first 20 of the first two and
    /// a count of the last; JSON, SARIF and HTML always carry everything).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// A summary, then each unmatched request with its closest example and
    /// the reason, the examples answered after a repair, and coverage per
    /// page family (--all: every request and example, not the first 20).
    Text,
    /// JSON lines: `coverage` per example, `unmatched` per request,
    /// `repaired` per example, `family` per page family, then `summary`.
    Json,
    /// SARIF 2.1.0: MC6001 at the journal line of each unmatched request,
    /// MC6002 at each example not exercised (with --docs).
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// Pages or directories of pages.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also write a JUnit XML report here (one testcase per example).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write a self-contained HTML report here: pass/fail per page
    /// family, and each failed example with its expected and actual bodies
    /// and their JSON diff.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Output format: `text` for people, `json` for JSON lines.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Examples in flight at once [default: 4 per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Replay only the examples whose id matches; `*` matches anything
    /// (`/` and `#` too), `?` one character. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub filter: Vec<String>,
    /// Replay against a live service (--base-url) instead of the stub.
    #[arg(long)]
    pub live: bool,
    /// Live service: `URL` stands for https://graph.microsoft.com (every
    /// version), `VERSION=URL` for https://graph.microsoft.com/VERSION; a
    /// `URL` ending in a version (`…/v1.0`) is that version's root.
    /// Repeatable [default: $MDCONTRACT_BASE_URL].
    #[arg(long, value_name = "[VERSION=]URL", requires = "live")]
    pub base_url: Vec<String>,
    /// Send writes (every method but GET and HEAD) to the live service.
    /// Without it they are reported skipped and nothing is sent.
    #[arg(long, requires = "live")]
    pub allow_writes: bool,
    /// Seconds allowed for each live request [default: $MDCONTRACT_TIMEOUT,
    /// else 30].
    #[arg(long, value_name = "SECS", requires = "live")]
    pub timeout: Option<String>,
    /// Configuration file, for `[placeholders]` in live mode [default:
    /// $MDCONTRACT_CONFIG, else the nearest mdcontract.toml upward].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// OData CSDL metadata, `[VERSION=]FILE`, for the body schema check
    /// (without it, bodies are checked against the docs' resource pages).
    #[arg(long, value_name = "[VERSION=]CSDL")]
    pub metadata: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Pages or directories of pages whose resource blocks define the types
    /// (used when no --metadata is given, and to fill types it lacks).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// OData CSDL metadata file.
    #[arg(long, value_name = "CSDL")]
    pub metadata: Option<PathBuf>,
    /// Directory to write the schemas into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write into a directory that already holds files (overwriting same-named ones).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Pages or directories of pages.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// OData CSDL metadata, `[VERSION=]FILE`; repeat for several versions.
    #[arg(long, value_name = "[VERSION=]CSDL")]
    pub metadata: Vec<String>,
    /// Permission-scope XML, `[VERSION=]FILE`; repeat for several versions.
    #[arg(long, value_name = "[VERSION=]XML")]
    pub permissions: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also write a JUnit XML report to FILE (one test case per page).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write a self-contained HTML report here: findings per code and
    /// page family, and a filterable table of findings.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Configuration file [default: $MDCONTRACT_CONFIG, else the nearest
    /// mdcontract.toml upward from the current directory].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the offending line and a caret.
    Text,
    /// JSON lines: one finding per line, then a summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (give page paths relative to the repository root).
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Pages or directories of pages.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: `text` for people, `json` for JSON lines (see docs/json-output.md).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
