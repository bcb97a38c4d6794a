using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Xunit;
using ZohoCrm.PowerShell.Loading;

namespace ZohoCrm.Module.Tests;

/// <summary>
/// The resolver of the built module folder (bin/, assembled by the build) answers only the module's own assemblies.
/// Requesters are real assemblies: the module's own files loaded from bin/ into a throwaway load context, an impostor
/// copy of ZohoCrm.Core from another folder, a shipped but foreign Newtonsoft.Json, xunit, a dynamic assembly.
/// </summary>
public sealed class OwnAssemblyResolverTests : IDisposable
{
    private static readonly string ModuleFolder = Path.Combine(FindRepoRoot(), "bin");
    private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "dependencies");

    private readonly AssemblyLoadContext _requesters = new("requesters", isCollectible: true);
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("zcrm-resolver-").FullName;

    public void Dispose()
    {
        _requesters.Unload();
        try { Directory.Delete(_elsewhere, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static OwnAssemblyResolver ModuleResolver(bool answerUnknownRequester = false) =>
        new(ModuleFolder, DependencyFolder, answerUnknownRequester);

    private Assembly FromModuleFolder(string name) => _requesters.LoadFromAssemblyPath(Path.Combine(ModuleFolder, name + ".dll"));

    private static Assembly? Request(OwnAssemblyResolver resolver, string name, Assembly? requester) =>
        resolver.Resolve(null, new ResolveEventArgs(name + ", Version=0.0.0.0, Culture=neutral, PublicKeyToken=null", requester));

    [Theory]
    [InlineData("ZohoCrm.Core")]
    [InlineData("ZohoCrm.PowerShell")]
    public void ADependencyRequestedByTheModulesOwnAssemblyIsServedFromTheDependencyFolderIntoItsOwnLoadContext(string requesterName)
    {
        var resolver = ModuleResolver();

        var polly = Request(resolver, "Polly.Core", FromModuleFolder(requesterName));

        Assert.NotNull(polly);
        Assert.Equal(Path.Combine(DependencyFolder, "Polly.Core.dll"), polly!.Location);
        Assert.Equal("ZohoCrm.PowerShell.Dependencies", AssemblyLoadContext.GetLoadContext(polly)!.Name);
        Assert.Same(polly, Request(resolver, "Polly.Core", FromModuleFolder(requesterName)));
    }

    [Fact]
    public void ADependencyLoadedByTheResolverGetsItsOwnDependenciesFromIt()
    {
        var resolver = ModuleResolver();
        var polly = Request(resolver, "Polly.Core", FromModuleFolder("ZohoCrm.Core"))!;

        var asyncInterfaces = Request(resolver, "Microsoft.Bcl.AsyncInterfaces", polly);

        Assert.NotNull(asyncInterfaces);
        Assert.Equal(Path.Combine(DependencyFolder, "Microsoft.Bcl.AsyncInterfaces.dll"), asyncInterfaces!.Location);
    }

    [Fact]
    public void NewtonsoftJsonBesideTheModuleIsFoundForTheModulesOwnAssembly()
    {
        var resolver = ModuleResolver();

        Assert.True(resolver.IsOwn(FromModuleFolder("ZohoCrm.Core")));
        Assert.Equal(Path.Combine(ModuleFolder, "Newtonsoft.Json.dll"), resolver.FileFor("Newtonsoft.Json"));
    }

    public static TheoryData<string, string> ForeignRequests => new()
    {
        // requester kind, requested name
        { "xunit", "Newtonsoft.Json" },
        { "xunit", "Polly.Core" },
        { "xunit", "Microsoft.Bcl.AsyncInterfaces" },
        { "xunit", "ZohoCrm.Core" },
        { "impostor ZohoCrm.Core", "Polly.Core" },
        { "impostor ZohoCrm.Core", "Newtonsoft.Json" },
        { "shipped Newtonsoft.Json", "Polly.Core" },
        { "dynamic ZohoCrm.Core", "Polly.Core" },
        { "dynamic ZohoCrm.Core", "Newtonsoft.Json" },
    };

    [Theory]
    [MemberData(nameof(ForeignRequests))]
    public void ARequestFromAnotherAssemblyIsNotAnswered(string requesterKind, string requested)
    {
        var resolver = ModuleResolver();
        var requester = requesterKind switch
        {
            "xunit" => typeof(Assert).Assembly,
            "impostor ZohoCrm.Core" => Impostor("ZohoCrm.Core"),
            "shipped Newtonsoft.Json" => FromModuleFolder("Newtonsoft.Json"),
            "dynamic ZohoCrm.Core" => AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("ZohoCrm.Core"), AssemblyBuilderAccess.RunAndCollect),
            _ => throw new ArgumentOutOfRangeException(nameof(requesterKind)),
        };

        Assert.False(resolver.IsOwn(requester));
        Assert.Null(Request(resolver, requested, requester));
    }

    [Theory]
    [InlineData("Some.Other.Library")]
    [InlineData("ZohoCrm.Emulator")]
    [InlineData("System.Management.Automation")]
    [InlineData("Polly")]
    public void ANameTheModuleDoesNotShipIsNotAnsweredEvenForItsOwnAssembly(string requested)
    {
        var resolver = ModuleResolver();

        Assert.Null(resolver.FileFor(requested));
        Assert.Null(Request(resolver, requested, FromModuleFolder("ZohoCrm.Core")));
    }

    [Fact]
    public void ARequestWithoutARequesterIsNotAnsweredOnDotNet()
    {
        Assert.Null(Request(ModuleResolver(answerUnknownRequester: false), "Polly.Core", requester: null));
    }

    [Fact]
    public void OnWindowsPowerShellARequestWithoutARequesterIsAnsweredByNameAsBefore()
    {
        var polly = Request(ModuleResolver(answerUnknownRequester: true), "Polly.Core", requester: null);

        Assert.Equal(Path.Combine(DependencyFolder, "Polly.Core.dll"), polly?.Location);
    }

    [Fact]
    public void TheModuleFolderIsTheBuiltOne()
    {
        // The tests above read what the build assembled; without it they would prove nothing.
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "ZohoCrm.Core.dll")));
        Assert.True(File.Exists(Path.Combine(DependencyFolder, "Polly.Core.dll")));
        Assert.False(File.Exists(Path.Combine(ModuleFolder, "Polly.Core.dll")));
    }

    private Assembly Impostor(string name)
    {
        var copy = Path.Combine(_elsewhere, name + ".dll");
        File.Copy(Path.Combine(ModuleFolder, name + ".dll"), copy, overwrite: true);
        return _requesters.LoadFromAssemblyPath(copy);
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "ZohoCrm.psd1"))) return folder.FullName;
        throw new InvalidOperationException("ZohoCrm.psd1 not found above " + AppContext.BaseDirectory);
    }
}
