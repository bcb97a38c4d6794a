namespace ZohoCrm.Emulator;

/// <summary>Settings of attachments and record photos (fact sheet §19).</summary>
public sealed partial class EmulatorOptions
{
    /// <summary>§19.3 (?v8): largest attachment file; link attachments are exempt.</summary>
    public long AttachmentMaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>§19.3 (?): largest record photo (2 MB in the legacy API; the sheet assumes 10 MB for v8).</summary>
    public long PhotoMaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>§19.3 (?): HTTP status of FILE_SIZE_MORE_THAN_ALLOWED_SIZE (400; 413 is possible at Zoho's edge).</summary>
    public int FileTooLargeStatusCode { get; set; } = 400;

    /// <summary>§19.3: modules that have a record photo (plus custom modules, which the emulator has none of).</summary>
    public IReadOnlyList<string> PhotoModules { get; set; } = ["Leads", "Contacts", "Accounts", "Products", "Vendors"];

    /// <summary>§19.3: HTTP status of INVALID_URL_PATTERN for a photo of a module without photos (the sheet says 400 there).</summary>
    public int PhotoUnsupportedModuleStatusCode { get; set; } = 400;

    /// <summary>§19.2 (?): $type of a link attachment.</summary>
    public string LinkAttachmentType { get; set; } = "Link";
}
