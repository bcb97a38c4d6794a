namespace ZohoCrm.Emulator.Tests.Support;

/// <summary>Finds the built ZohoCrm.Emulator.dll: next to the tests, or in the emulator project's own bin.</summary>
public static class EmulatorBinary
{
    public static string Find()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "ZohoCrm.Emulator.dll");
        if (File.Exists(local) && File.Exists(Path.ChangeExtension(local, ".runtimeconfig.json")))
        {
            return local;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "src", "ZohoCrm.Emulator", "bin");
            if (Directory.Exists(bin))
            {
                return Directory.GetFiles(bin, "ZohoCrm.Emulator.dll", SearchOption.AllDirectories)
                    .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "net10.0")
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .First();
            }
        }

        throw new FileNotFoundException("ZohoCrm.Emulator.dll not found; build src/ZohoCrm.Emulator first.");
    }
}
