using Xunit;
using ZohoCrm.PowerShell.Cmdlets;

namespace ZohoCrm.Module.Tests;

/// <summary>
/// Records a cmdlet writes to `| Measure-Object` or `| Out-Null` take the lean form (nothing enumerates them); the
/// command after this one is found by parsing its line, and anything not recognised keeps the note form. (Which
/// commands count is checked in real pwsh: tests/Pester/RecordNoteProperties.Tests.ps1.)
/// </summary>
public sealed class CountingConsumerTests
{
    [Theory]
    [InlineData("Receive-ZcrmBulkRead -InputObject $job | Measure-Object", 1, 1, 2, "Measure-Object")]
    [InlineData("$n = (Get-ZcrmRecord -Module Leads -All | measure).Count", 7, 1, 2, "measure")]
    [InlineData("    Get-ZcrmRecord -Module Leads -All | Out-Null", 5, 1, 2, "Out-Null")]
    [InlineData("$job | Receive-ZcrmBulkRead | Microsoft.PowerShell.Utility\\Measure-Object", 8, 2, 3, "Microsoft.PowerShell.Utility\\Measure-Object")]
    [InlineData("foreach ($m in 'Leads') { Get-ZcrmRecord -Module $m -All | Measure-Object }", 27, 1, 2, "Measure-Object")]
    [InlineData("Get-ZcrmRecord -All | Out-Null; Get-ZcrmRecord -All | Export-Csv x.csv", 33, 1, 2, null)]
    [InlineData("Get-ZcrmRecord -All | Measure-Object; Get-ZcrmRecord -All | Export-Csv x.csv", 39, 1, 2, null)]
    [InlineData("Get-ZcrmRecord -All | Measure-Object -Property Annual_Revenue -Sum", 1, 1, 2, null)]
    [InlineData("Get-ZcrmRecord -All | Where-Object { $_.Rating } | Measure-Object", 1, 1, 3, null)]
    [InlineData("Get-ZcrmRecord -All | Measure-Object > counts.txt", 1, 1, 2, null)]
    [InlineData("Get-ZcrmRecord -All |", 1, 1, 2, null)] // a pipeline continued on the next line
    [InlineData("Get-ZcrmRecord -All | Measure-Object", 1, 1, 3, null)] // not the pipeline PowerShell runs
    [InlineData("Get-ZcrmRecord -All | Measure-Object", 2, 1, 2, null)]
    [InlineData("Get-ZcrmRecord -All", 1, 1, 1, null)]
    [InlineData("", 1, 1, 2, null)]
    [InlineData(null, 1, 1, 2, null)]
    public void The_next_command_is_named_only_when_it_is_bare(string? line, int offset, int position, int length, string? expected)
    {
        Assert.Equal(expected, CountingConsumer.NextCommandName(line, offset, position, length));
    }
}
