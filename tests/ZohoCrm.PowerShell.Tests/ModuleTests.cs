using System.Management.Automation;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

public class ModuleTests
{
    [Fact]
    public void The_manifest_imports_and_exports_every_cmdlet_of_the_assembly()
    {
        using var ps = new PowerShellSession(withVault: false);
        var result = ps.Run("""
            $m = Get-Module ZohoCrm
            $m.Version.ToString()
            $m.CompatiblePSEditions
            (($m.ExportedCmdlets.Keys | ForEach-Object { $_ }) -join ',')
            $declared = foreach ($type in $m.ImplementingAssembly.GetTypes()) {
                foreach ($attribute in $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)) { $attribute.VerbName + '-' + $attribute.NounName }
            }
            ($declared -join ',')
            """);
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("0.1.0", result.Output[0].BaseObject);
        Assert.Contains("Desktop", result.Output.Select(o => o.BaseObject as string));
        Assert.Contains("Core", result.Output.Select(o => o.BaseObject as string));
        var exported = ((string)result.Output[^2].BaseObject).Split(',').OrderBy(c => c).ToList();
        var declared = ((string)result.Output[^1].BaseObject).Split(',').OrderBy(c => c).ToList();
        Assert.Equal(declared, exported);
        Assert.True(exported.Count >= 16);
        Assert.All(exported, name => Assert.Matches("^[A-Z][A-Za-z]+-Zcrm[A-Za-z]*$", name)); // ConvertTo-ZcrmCsvRecord: a verb may have two words
    }

    [Fact]
    public void Views_and_types_are_loaded()
    {
        using var ps = new PowerShellSession(withVault: false);
        // Import-Module fails on a malformed view or type file, so loading them is proof they parse; the Lookup
        // type's ToString shows the type data is in effect. They come with the nested bin/ZohoCrm.Views.psd1.
        var result = ps.Run("$m = Get-Module ZohoCrm; foreach ($n in $m.NestedModules) { $n.Name; $n.ExportedFormatFiles; $n.ExportedTypeFiles }; $o = [pscustomobject]@{ name = 'Ada'; id = '1' }; $o.PSObject.TypeNames.Insert(0, 'ZohoCrm.Lookup'); \"$o\"");
        Assert.False(result.HadErrors, result.AllText());
        var texts = result.Output.Select(o => o.BaseObject as string).ToList();
        Assert.Contains(Path.Combine(RepoPaths.Root, "bin", "ZohoCrm.format.ps1xml"), texts);
        Assert.Contains(Path.Combine(RepoPaths.Root, "bin", "ZohoCrm.types.ps1xml"), texts);
        Assert.Equal("Ada", texts.Last());
    }

    /// <summary>
    /// Every script column of the record and connection views, run the way the formatter runs it, gives one value:
    /// the name (not the script's own text) for a Get-ZcrmRecord lead, the lookup's id for a bulk read row.
    /// </summary>
    [Fact]
    public async Task Every_script_column_of_the_views_renders_one_value_for_records_bulk_rows_and_connections()
    {
        await using var t = await ZcrmTestContext.StartWithQuickBulkJobsAsync(5);
        var views = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "src", "ZohoCrm.PowerShell", "ZohoCrm.format.ps1xml"))
            .Descendants("View")
            .Select(v => (Type: (string)v.Element("ViewSelectedBy")!.Element("TypeName")!, Scripts: v.Descendants("ScriptBlock").Select(e => e.Value).ToList()))
            .ToList();
        var result = t.RunConnected("""
            $record = Get-ZcrmRecord -Module Leads -First 1
            $row = Start-ZcrmBulkRead -Module Leads -Wait | Receive-ZcrmBulkRead | Where-Object id -eq $record.id
            $connection = Get-ZcrmConnection
            foreach ($pair in @(@('record', $record), @('row', $row), @('connection', $connection))) {
                $item = $pair[1]
                foreach ($view in $views) {
                    if ($item.PSObject.TypeNames -notcontains $view.Item1) { continue }
                    foreach ($script in $view.Item2) {
                        $values = @($item | ForEach-Object ([scriptblock]::Create($script)))
                        [pscustomobject]@{ Item = $pair[0]; View = $view.Item1; Script = $script; Count = $values.Count; Value = if ($values.Count) { $values[0] } }
                    }
                }
            }
            [pscustomobject]@{ Item = 'expected'; Name = $record.Full_Name; Owner = $record.Owner.name; OwnerId = $record.Owner.id }
            """, ("views", views.Select(v => Tuple.Create(v.Type, v.Scripts.ToArray())).ToArray()));
        Assert.False(result.HadErrors, result.AllText());
        var expected = result.Output[^1];
        var columns = result.Output.Take(result.Output.Count - 1).ToList();
        object? Value(PSObject o) => o.Properties["Value"].Value is PSObject p ? p.BaseObject : o.Properties["Value"].Value;
        Assert.All(columns, c =>
        {
            Assert.True((int)c.Properties["Count"].Value <= 1, $"{c.Properties["View"].Value}: {c.Properties["Script"].Value} gave {c.Properties["Count"].Value} values");
            Assert.False(Value(c) is ScriptBlock, $"{c.Properties["View"].Value}: {c.Properties["Script"].Value} gave a script block");
        });
        string? Column(string item, string scriptStart) => columns
            .Where(c => (string)c.Properties["Item"].Value == item && (string)c.Properties["View"].Value != "ZohoCrm.Record" && ((string)c.Properties["Script"].Value).StartsWith(scriptStart, StringComparison.Ordinal))
            .Select(c => Value(c)?.ToString()).First();
        Assert.Equal((string)expected.Properties["Name"].Value, Column("record", "if ($_.Full_Name)"));
        Assert.Equal((string)expected.Properties["Name"].Value, Column("row", "if ($_.Full_Name)"));
        Assert.Equal((string)expected.Properties["Owner"].Value, Column("record", "$lookup = $_.Owner"));
        Assert.Equal((string)expected.Properties["OwnerId"].Value, Column("row", "$lookup = $_.Owner"));
        Assert.Equal("*", Column("connection", "if ($_.IsCurrent)"));
    }

    [Fact]
    public async Task Polly_is_loaded_from_the_module_dependencies_folder()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -First 1 | Out-Null; [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | ForEach-Object { $_.Location }");
        Assert.False(result.HadErrors, result.AllText());
        var location = (string)Assert.Single(result.Output).BaseObject;
        Assert.Equal(Path.Combine(RepoPaths.Root, "bin", "dependencies", "Polly.Core.dll"), location);
    }

    /// <summary>The cmdlet assembly may reference only the framework, PowerShell, our core and Newtonsoft.Json (shared with pwsh).</summary>
    [Fact]
    public void The_cmdlet_assembly_references_nothing_unexpected()
    {
        var allowed = new[] { "netstandard", "System.Management.Automation", "ZohoCrm.Core", "Newtonsoft.Json" };
        using var stream = File.OpenRead(Path.Combine(RepoPaths.Root, "bin", "ZohoCrm.PowerShell.dll"));
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        var unexpected = references.Where(r => !allowed.Contains(r) && !r.StartsWith("System.", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected references: " + string.Join(", ", unexpected));
        Assert.DoesNotContain("Polly.Core", references);
    }

    [Fact]
    public async Task Module_names_tab_complete_from_the_connection_and_fields_from_the_module()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var script = "$c = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null); $c.CompletionMatches | ForEach-Object { $_.CompletionText }";
        var modules = t.RunConnected(script, ("line", "Get-ZcrmRecord -Module Le"));
        Assert.False(modules.HadErrors, modules.AllText());
        Assert.Contains("Leads", modules.Output.Select(o => (string)o.BaseObject));

        var fields = t.Session.Run(script, ("line", "Get-ZcrmRecord -Module Leads -Field Last_"));
        Assert.Contains("Last_Name", fields.Output.Select(o => (string)o.BaseObject));

        using var offline = new PowerShellSession(withVault: false);
        var standard = offline.Run(script, ("line", "Get-ZcrmRecord -Module Con"));
        Assert.Contains("Contacts", standard.Output.Select(o => (string)o.BaseObject));
    }
}
