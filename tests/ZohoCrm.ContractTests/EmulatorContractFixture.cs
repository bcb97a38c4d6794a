using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZohoCrm.ContractTests.Oas;
using ZohoCrm.Emulator;

namespace ZohoCrm.ContractTests;

/// <summary>One emulator and the OAS files, shared by the contract tests (nothing starts without ZCRM_OAS_DIR).</summary>
public sealed class EmulatorContractFixture : IAsyncLifetime
{
    private ZohoCrmEmulator? _emulator;
    private HttpClient? _http;
    private OasValidator? _validator;

    public ZohoCrmEmulator Emulator => _emulator ?? throw new InvalidOperationException(OasFiles.SkipReason);

    public HttpClient Http => _http ?? throw new InvalidOperationException(OasFiles.SkipReason);

    public OasValidator Validator => _validator ?? throw new InvalidOperationException(OasFiles.SkipReason);

    public async Task InitializeAsync()
    {
        if (OasFiles.Directory is not { } directory)
        {
            return;
        }

        _validator = new OasValidator(OasValidator.Load(directory));
        _emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 300, DailyCredits = 0, MaxConcurrency = 0 });
        _http = await EmulatorHttp.SignedInAsync(_emulator);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
