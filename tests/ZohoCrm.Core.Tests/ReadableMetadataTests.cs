using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>"Read a module's fields, or carry on without them": one rule for which refusals mean carry on, and the metadata reads built on it.</summary>
public class ReadableMetadataTests
{
    private const string WithoutSettings = "ZohoCRM.modules.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ";

    private sealed class ListLog : IZcrmLog
    {
        public List<string> Lines { get; } = new();
        public void Verbose(string message) { lock (Lines) Lines.Add(message); }
        public void Debug(string message) { lock (Lines) Lines.Add(message); }
        public void Warning(string message) { lock (Lines) Lines.Add("WARNING: " + message); }
    }

    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection)> ConnectAsync(string? scopes = null, IZcrmLog? log = null)
    {
        var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 3 });
        var connection = await EmulatorConnections.ConnectAsync(emulator, scopes, log: log);
        emulator.Requests.Clear();
        return (emulator, connection);
    }

    [Theory]
    [InlineData("OAUTH_SCOPE_MISMATCH", true)]
    [InlineData("NO_PERMISSION", true)]
    [InlineData("INVALID_MODULE", false)]
    [InlineData("INVALID_TOKEN", false)]
    [InlineData("INTERNAL_ERROR", false)]
    public async Task Only_a_missing_scope_or_permission_is_carried_on_from(string code, bool carriesOn)
    {
        var error = new ZohoApiException(code == "OAUTH_SCOPE_MISMATCH" ? 401 : 403, code, "refused", null);
        Assert.Equal(carriesOn, Readable.IsRefusal(error));
        if (carriesOn)
        {
            var read = await Readable.TryAsync<int>(() => throw error);
            Assert.False(read.IsReadable);
            Assert.Equal(code, read.RefusedCode);
            Assert.Equal(0, read.Value);
        }
        else
        {
            var thrown = await Assert.ThrowsAsync<ZohoApiException>(() => Readable.TryAsync<int>(() => throw error));
            Assert.Same(error, thrown);
        }
    }

    [Fact]
    public async Task A_value_read_is_returned_as_readable()
    {
        var read = await Readable.TryAsync(() => Task.FromResult("Leads"));
        Assert.True(read.IsReadable);
        Assert.Null(read.RefusedCode);
        Assert.Equal("Leads", read.Value);
    }

    [Fact]
    public async Task Fields_are_read_with_the_modules_real_name()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        var read = await connection.Metadata.TryGetFieldsOfAsync("leads", NullLog.Instance, CancellationToken.None);
        Assert.True(read.IsReadable);
        Assert.Equal("Leads", read.Value.Module);
        Assert.Contains(read.Value.Fields, f => f.ApiName == "Last_Name");
    }

    [Fact]
    public async Task Without_the_settings_scope_the_fields_and_module_list_are_not_readable_with_the_code_as_data()
    {
        var (emulator, connection) = await ConnectAsync(WithoutSettings);
        await using var _ = emulator;
        var fields = await connection.Metadata.TryGetFieldsOfAsync("Leads", NullLog.Instance, CancellationToken.None);
        Assert.False(fields.IsReadable);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", fields.RefusedCode);
        Assert.Null(fields.Value);

        var module = await connection.Metadata.TryFindModuleApiNameAsync("leads", NullLog.Instance, CancellationToken.None);
        Assert.False(module.IsReadable);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", module.RefusedCode);

        // A refusal is not cached: the next read asks again (the token may have been replaced).
        var before = emulator.Requests.Snapshot().Count(r => r.Path.EndsWith("/settings/fields", StringComparison.Ordinal));
        await connection.Metadata.TryGetFieldsOfAsync("Leads", NullLog.Instance, CancellationToken.None);
        Assert.Equal(before + 1, emulator.Requests.Snapshot().Count(r => r.Path.EndsWith("/settings/fields", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Other_failures_are_not_swallowed()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Metadata.TryGetFieldsOfAsync("Leedz_Nowhere", NullLog.Instance, CancellationToken.None));
        Assert.Equal("INVALID_MODULE", error.Code);
    }

    [Fact]
    public async Task The_sites_that_carry_on_say_so_in_their_own_words()
    {
        var (emulator, connection) = await ConnectAsync(WithoutSettings);
        await using var _ = emulator;
        var log = new ListLog();
        Assert.Equal("leads", await connection.Related.ResolveModuleAsync("leads", log, CancellationToken.None));
        Assert.Contains("The module list cannot be read (OAUTH_SCOPE_MISMATCH); using 'leads' as given.", log.Lines);
        Assert.Equal("leads", await connection.OrgSettings.ResolveModuleAsync("leads", log, CancellationToken.None));

        var resolved = await connection.Records.ResolveFieldsAsync("Leads", new[] { "Last_Name" }, log, CancellationToken.None);
        Assert.Equal("Leads", resolved.Module);
        Assert.Contains("Field metadata of Leads is not readable (OAUTH_SCOPE_MISMATCH); values keep their JSON types.", log.Lines);
        var required = await Assert.ThrowsAsync<ZcrmUsageException>(() => connection.Records.ResolveFieldsAsync("Leads", null, log, CancellationToken.None));
        Assert.Equal("ZcrmFieldsRequired", required.ErrorId);
        Assert.Contains("(OAUTH_SCOPE_MISMATCH)", required.Message);
    }

    [Fact]
    public async Task A_connection_without_user_and_org_scopes_stands_unverified_with_a_warning()
    {
        var log = new ListLog();
        var (emulator, _) = await ConnectAsync("ZohoCRM.modules.ALL,ZohoCRM.settings.ALL", log);
        await using var __ = emulator;
        Assert.Contains("The current user cannot be read (OAUTH_SCOPE_MISMATCH); checking the org instead.", log.Lines);
        Assert.Contains(log.Lines, l => l.StartsWith("WARNING: The connection could not be verified", StringComparison.Ordinal));
    }
}
