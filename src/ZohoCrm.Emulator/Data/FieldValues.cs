namespace ZohoCrm.Emulator.Data;

/// <summary>A lookup or owner value: {"name","id"} and, for users, "email".</summary>
public sealed record LookupValue(long Id, string Name, string? Email = null);

/// <summary>A tag attached to a record.</summary>
public sealed record TagValue(long Id, string Name, string ColorCode);
