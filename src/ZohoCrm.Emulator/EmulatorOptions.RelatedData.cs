namespace ZohoCrm.Emulator;

/// <summary>Settings of related records, notes and tags (fact sheet §16–§18).</summary>
public sealed partial class EmulatorOptions
{
    // ---- seeded data ----

    /// <summary>Seeded Cases; every second one belongs to the first seeded Contact.</summary>
    public int Cases { get; set; } = 40;

    /// <summary>Seeded Quotes; every second one belongs to the first seeded Contact.</summary>
    public int Quotes { get; set; } = 24;

    /// <summary>Seeded Notes; every third one belongs to the first seeded Contact, the others to random Leads, Contacts, Accounts and Deals.</summary>
    public int Notes { get; set; } = 120;

    // ---- related records (§16) ----

    /// <summary>§16.2 (?): GET related records requires "fields" like the list API (the OAS marks it optional).</summary>
    public bool RelatedRecordsRequireFields { get; set; } = true;

    /// <summary>§16.2: related ids per link (PUT) or delink (DELETE) call.</summary>
    public int MaxRelatedIdsPerCall { get; set; } = 100;

    /// <summary>§16.2 (?): code of the top-level error for PUT/DELETE on a list that is not many-to-many.</summary>
    public string NonLinkableRelationCode { get; set; } = "INVALID_REQUEST_METHOD";

    // ---- notes (§17) ----

    /// <summary>§17.2 (?): HTTP status of a notes create whose notes all succeeded (the OAS says 200; the main sheet's rule 201).</summary>
    public int NotesCreatedStatusCode { get; set; } = 201;

    // ---- tags (§18) ----

    /// <summary>§18.3: characters in a tag name.</summary>
    public int TagNameMaxLength { get; set; } = 25;

    /// <summary>§18.3: tags on one record (Standard 5; Professional, Enterprise, Ultimate 10).</summary>
    public int TagsPerRecord { get; set; } = 10;

    /// <summary>§18.3: tags of one module (Standard 20, Professional 60, Enterprise 100, Ultimate 200).</summary>
    public int TagsPerModule { get; set; } = 100;

    /// <summary>§18.3: records per add_tags / remove_tags call.</summary>
    public int MaxRecordsPerTagCall { get; set; } = 500;

    /// <summary>§18.3 (?): a tag name that does not exist yet is created by add_tags (false: INVALID_DATA).</summary>
    public bool AddTagsCreatesTags { get; set; } = true;

    /// <summary>§18.3 (?): code of the per-record and per-module tag limit errors.</summary>
    public string TagLimitCode { get; set; } = "LIMIT_EXCEEDED";

    /// <summary>§8.1: records per credit of an add_tags / remove_tags call.</summary>
    public int RecordsPerTagCredit { get; set; } = 50;
}
