using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Emulator;

/// <summary>How the refresh-token cap (20 per client) behaves when a 21st token is created (fact sheet §1.6, "?").</summary>
public enum RefreshTokenLimitBehavior
{
    /// <summary>The oldest refresh token (and its access tokens) is deleted to make room.</summary>
    DeleteOldest,

    /// <summary>The new grant fails with the "Access Denied" body.</summary>
    Error,
}

/// <summary>What GET /crm/v8/{module}/{id} answers for an id that does not exist (fact sheet §3.2, "?").</summary>
public enum MissingRecordBehavior
{
    /// <summary>HTTP 204 with an empty body.</summary>
    NoContent,

    /// <summary>HTTP 400 INVALID_DATA with details {"resource_path_index":1}.</summary>
    InvalidData,
}

/// <summary>
/// Every setting of the emulator. Each command-line flag maps to one property; the properties without a
/// flag are the fact sheet's unconfirmed ("?") facts, each with the sheet's suggested default.
/// </summary>
public sealed partial class EmulatorOptions
{
    public const string DefaultClientId = "1000.EMULATOR7Q2V4K9X1M3B8N5C6Z0LPW";
    public const string DefaultClientSecret = "5f0c9a7e3b21d84c6a9f0e1d2b3c4a5f6e7d8c9b0a";
    public const string DefaultRefreshToken = "1000.8e1f3b5d7a9c2e4f6a8b0d1c3e5f7a9b.4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b";

    /// <summary>Scopes of the default refresh token and of <see cref="ZohoCrmEmulator.IssueGrantCode"/> codes by default.</summary>
    public const string DefaultScopes =
        "ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.bulk.ALL," +
        "ZohoCRM.coql.READ,ZohoCRM.notifications.ALL,ZohoSearch.securesearch.READ,ZohoCRM.functions.execute.READ,ZohoCRM.functions.execute.CREATE,ZohoFiles.files.ALL";

    // ---- command-line flags ----

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    public string ClientId { get; set; } = DefaultClientId;

    public string ClientSecret { get; set; } = DefaultClientSecret;

    /// <summary>A refresh token that exists from the start, with <see cref="DefaultScopes"/>.</summary>
    public string RefreshToken { get; set; } = DefaultRefreshToken;

    public int Leads { get; set; } = 200;

    public int Contacts { get; set; } = 100;

    public int Accounts { get; set; } = 50;

    public int Deals { get; set; } = 50;

    /// <summary>Seed of the generated data; the same seed and counts give the same records.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Lifetime of an access token in seconds (expires_in).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Delay added to every /crm/ API call.</summary>
    public int LatencyMs { get; set; }

    /// <summary>In-flight /crm/ calls allowed before 429 TOO_MANY_REQUESTS; 0 turns the check off.</summary>
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>Credits per rolling 24 hours; 0 turns the check off.</summary>
    public long DailyCredits { get; set; } = 100_000;

    /// <summary>Fault rules active from the start (the --fault flag).</summary>
    public IList<FaultRule> Faults { get; } = new List<FaultRule>();

    /// <summary>Records reachable through page_token before LIMIT_EXCEEDED (fact sheet §2, "?": 100,000).</summary>
    public int PageTokenLimit { get; set; } = 100_000;

    /// <summary>Process id to watch; the command-line emulator exits when it ends.</summary>
    public int? ParentPid { get; set; }

    /// <summary>When false the command-line emulator does not exit when its standard input closes.</summary>
    public bool ExitOnStdinClose { get; set; } = true;

    // ---- unconfirmed facts ("?" in the fact sheet) and other knobs, no flag ----

    /// <summary>Clock for token expiry, page-token expiry, credits and record times. Null means the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>§0: "Authorization: Bearer …" accepted as well as Zoho-oauthtoken (default false: only Zoho-oauthtoken).</summary>
    public bool AcceptBearerScheme { get; set; }

    /// <summary>§1.4: the token response carries "scope".</summary>
    public bool IncludeScopeInTokenResponse { get; set; } = true;

    /// <summary>§1.4: the error value for an unknown grant_type.</summary>
    public string InvalidGrantTypeError { get; set; } = "invalid_grant_type";

    /// <summary>§1.4: registered redirect URI; null means a Self Client (redirect_uri is not checked).</summary>
    public string? RedirectUri { get; set; }

    /// <summary>§1.4: the error value for a redirect_uri mismatch.</summary>
    public string RedirectUriMismatchError { get; set; } = "invalid_redirect_uri";

    /// <summary>§1.4/§1.6: HTTP status of the "Access Denied" throttling body (200 or 400).</summary>
    public int AccessDeniedStatusCode { get; set; } = 400;

    /// <summary>§1.6: access-token mints allowed per refresh token within <see cref="TokenMintWindow"/>.</summary>
    public int TokenMintsPerWindow { get; set; } = 10;

    public TimeSpan TokenMintWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>§1.6: refresh tokens per client.</summary>
    public int RefreshTokenLimit { get; set; } = 20;

    /// <summary>§1.6 (?): what the 21st refresh token does.</summary>
    public RefreshTokenLimitBehavior RefreshTokenLimitBehavior { get; set; } = RefreshTokenLimitBehavior.DeleteOldest;

    /// <summary>§1.6: refresh tokens created per minute per client; 0 turns the check off.</summary>
    public int RefreshTokenCreationsPerMinute { get; set; } = 5;

    /// <summary>§1.6: active access tokens per refresh token (the oldest is deleted past it).</summary>
    public int ActiveAccessTokensPerRefreshToken { get; set; } = 30;

    /// <summary>§1.6 (?): grant codes the console hands out per minute; 0 turns the check off.</summary>
    public int GrantCodesPerMinute { get; set; } = 5;

    /// <summary>§1.5 (?): revoke answers an empty 200 body instead of {"status":"success"}.</summary>
    public bool RevokeReturnsEmptyBody { get; set; }

    /// <summary>§1.5 (?): revoking a refresh token also invalidates its access tokens.</summary>
    public bool RevokeInvalidatesAccessTokens { get; set; } = true;

    /// <summary>§1.7 (?): HTTP status of OAUTH_SCOPE_MISMATCH (401, some say 403).</summary>
    public int ScopeMismatchStatusCode { get; set; } = 401;

    /// <summary>§2 (?): key inside details of REQUIRED_PARAM_MISSING for the records API ({"param":"fields"}).</summary>
    public string RequiredParamDetailsKey { get; set; } = "param";

    /// <summary>§2: rows reachable with page/per_page before DISCRETE_PAGINATION_LIMIT_EXCEEDED.</summary>
    public int DiscretePaginationLimit { get; set; } = 2000;

    /// <summary>§2 (?): DISCRETE_PAGINATION_LIMIT_EXCEEDED carries details {"limit":2000} (else {}).</summary>
    public bool DiscretePaginationLimitInDetails { get; set; } = true;

    /// <summary>§2.1 (?): validity of a page_token.</summary>
    public TimeSpan PageTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>§3.1 (?): ids per GET.</summary>
    public int MaxIdsPerRequest { get; set; } = 100;

    /// <summary>§3.2: API names in "fields".</summary>
    public int MaxFieldsPerRequest { get; set; } = 50;

    /// <summary>§3.2 (?): sort_order when none is given.</summary>
    public string DefaultSortOrder { get; set; } = "desc";

    /// <summary>§3.2 (?): converted filter when none is given (true, false or both).</summary>
    public string DefaultConverted { get; set; } = "false";

    /// <summary>§3.2 (?): approved filter when none is given (true, false or both).</summary>
    public string DefaultApproved { get; set; } = "true";

    /// <summary>§3.2/§13 (?): GET of one record id that does not exist.</summary>
    public MissingRecordBehavior MissingRecordBehavior { get; set; } = MissingRecordBehavior.NoContent;

    /// <summary>§8.1 (?): credits of a GET records call with cvid.</summary>
    public int CvidCreditCost { get; set; } = 3;

    /// <summary>§8.2: heavy calls (list with cvid) in flight at once; 0 turns the check off.</summary>
    public int SubConcurrencyLimit { get; set; } = 10;

    /// <summary>§8.3 (?): message of TOO_MANY_REQUESTS.</summary>
    public string TooManyRequestsMessage { get; set; } = "Number of API requests per day/concurrent limit has been exceeded.";

    /// <summary>§8.3 (?): send X-API-CREDITS-REMAINING once half the daily credits are used.</summary>
    public bool EmitCreditsRemainingHeader { get; set; }

    /// <summary>§10 (?): metadata endpoints answer 304 to If-Modified-Since when nothing changed.</summary>
    public bool MetadataHonoursIfModifiedSince { get; set; } = true;

    /// <summary>§10 (?): GET /settings/modules/{api_name} includes the module's fields.</summary>
    public bool ModuleDetailIncludesFields { get; set; } = true;

    /// <summary>Default lifetime of a grant code made by <see cref="ZohoCrmEmulator.IssueGrantCode"/> (Self Client offers 3, 5 or 10 minutes).</summary>
    public TimeSpan GrantCodeLifetime { get; set; } = TimeSpan.FromMinutes(3);
}
