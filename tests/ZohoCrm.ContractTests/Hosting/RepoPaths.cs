namespace ZohoCrm.PowerShell.Tests.Hosting;

/// <summary>Where the built module and the test doubles are, found from the test assembly's folder upwards.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "ZohoCrm.psd1");

    public static string VaultDouble => Path.Combine(Root, "tests", "TestDoubles", "SecretManagement.TestDouble", "SecretManagement.TestDouble.psd1");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZohoCrm.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (ZohoCrm.psd1) above " + AppContext.BaseDirectory);
    }
}
