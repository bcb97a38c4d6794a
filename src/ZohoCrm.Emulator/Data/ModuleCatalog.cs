using ZohoCrm.Emulator.Data.Modules;

namespace ZohoCrm.Emulator.Data;

/// <summary>Every module of the emulated org, in menu order.</summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<string, ModuleDefinition> _byName;

    internal ModuleCatalog()
    {
        long next = 2_000;
        long NextId() => ZohoIds.Make(next++);

        var builders = new List<ModuleBuilder>
        {
            StandardModules.Leads(),
            StandardModules.Contacts(),
            StandardModules.Accounts(),
            StandardModules.Deals(),
        };
        builders.AddRange(StandardModules.MetadataOnly());
        builders.AddRange(RelatedDataModules.All());
        var modules = new List<ModuleDefinition>();
        foreach (var builder in builders)
        {
            var module = builder.Build(NextId);
            module.SequenceNumber = modules.Count + 1;
            modules.Add(module);
        }

        Modules = modules;
        _byName = modules.ToDictionary(m => m.ApiName, StringComparer.Ordinal);
    }

    public IReadOnlyList<ModuleDefinition> Modules { get; }

    /// <summary>The module with this API name (case-sensitive), or null.</summary>
    public ModuleDefinition? Find(string apiName) => _byName.GetValueOrDefault(apiName);

    public ModuleDefinition? FindById(long id) => Modules.FirstOrDefault(m => m.Id == id);
}
