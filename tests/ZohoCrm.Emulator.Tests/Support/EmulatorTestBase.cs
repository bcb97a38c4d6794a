namespace ZohoCrm.Emulator.Tests.Support;

/// <summary>Starts one emulator (with the options the class chooses) before its tests and stops it after.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    protected ZohoCrmEmulator Emulator { get; private set; } = null!;

    protected TestClient Client { get; private set; } = null!;

    protected virtual EmulatorOptions CreateOptions() => new();

    public async Task InitializeAsync() => (Emulator, Client) = await TestClient.StartAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
