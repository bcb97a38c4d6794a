using System.Security.Cryptography;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Files;
using ZohoCrm.Core.Http;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Core.Tests;

/// <summary>AttachmentService against the emulator over real loopback HTTP: streaming, retries, and the temporary file.</summary>
public sealed class AttachmentServiceTests : IAsyncLifetime
{
    private ZohoCrmEmulator _emulator = null!;
    private ZohoConnection _connection = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 5 });
        _connection = await ConnectionFactory.ConnectAsync(new ConnectRequest
        {
            ClientId = _emulator.ClientId,
            ClientSecret = _emulator.ClientSecret,
            RefreshToken = _emulator.RefreshToken,
            AccountsUrl = _emulator.Url,
            ApiDomain = _emulator.Url,
            Resilience = new ResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(20), MaxRetries = 2 },
        }, NullLog.Instance, CancellationToken.None);
        _folder = Directory.CreateTempSubdirectory("zcrm-core-files-").FullName;
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private AttachmentService Service => _connection.Attachments;

    private string Deal(int index = 0) => (string)_emulator.Records("Deals")[index]["id"]!;

    private string WriteFile(string name, int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Upload_list_and_download_round_trip_through_a_temporary_file()
    {
        var source = WriteFile("Grüße 契約.bin", 500_000);
        var created = await Service.UploadAsync("Deals", Deal(), source, null, null, NullLog.Instance, CancellationToken.None);
        Assert.Equal("Grüße 契約.bin", created.FileName);
        Assert.False(string.IsNullOrEmpty(created.Id));

        var listed = new List<Attachment>();
        var more = await Service.ListAsync("Deals", Deal(), all: false, page => { listed.AddRange(page); return Task.CompletedTask; }, NullLog.Instance, CancellationToken.None);
        Assert.False(more);
        var row = Assert.Single(listed);
        Assert.Equal(500_000, row.Size);
        Assert.Equal(Deal(), row.ParentId);

        var target = Directory.CreateDirectory(Path.Combine(_folder, "out")).FullName;
        long lastReported = 0;
        var saved = await Service.DownloadAsync("Deals", Deal(), row.Id, new DownloadTarget(target, null, "fallback", false),
            (done, total) => { lastReported = done; Assert.Equal(500_000, total); }, NullLog.Instance, CancellationToken.None);
        Assert.Equal(Path.Combine(target, "Grüße 契約.bin"), saved.Path);
        Assert.Equal(Sha(source), Sha(saved.Path));
        Assert.Equal(500_000, lastReported);
        Assert.Single(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public async Task A_cut_download_is_retried_and_a_download_cut_every_time_leaves_nothing()
    {
        var source = WriteFile("cut.bin", 400_000);
        var id = (await Service.UploadAsync("Deals", Deal(1), source, null, null, NullLog.Instance, CancellationToken.None)).Id;
        var target = Directory.CreateDirectory(Path.Combine(_folder, "cut")).FullName;
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.CutBody, PathPrefix = $"/crm/v8/Deals/{Deal(1)}/Attachments/{id}", Count = 1 });

        var saved = await Service.DownloadAsync("Deals", Deal(1), id, new DownloadTarget(target, null, "x", false), null, NullLog.Instance, CancellationToken.None);
        Assert.Equal(Sha(source), Sha(saved.Path));
        Assert.Equal(2, _emulator.Requests.Snapshot().Count(r => r.Method == "GET" && r.Path.EndsWith("/" + id, StringComparison.Ordinal)));

        File.Delete(saved.Path);
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.CutBody, PathPrefix = $"/crm/v8/Deals/{Deal(1)}/Attachments/{id}", Count = 0 });
        var failure = await Assert.ThrowsAsync<ZohoTransportException>(() =>
            Service.DownloadAsync("Deals", Deal(1), id, new DownloadTarget(target, null, "x", false), null, NullLog.Instance, CancellationToken.None));
        Assert.True(failure.OutcomeUnknown);
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public async Task An_upload_refused_with_429_is_sent_again_whole_and_stored_once()
    {
        var source = WriteFile("retry.bin", 300_000);
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = $"/crm/v8/Deals/{Deal(2)}/Attachments", Method = "POST", RetryAfterSeconds = 0 });
        await Service.UploadAsync("Deals", Deal(2), source, null, null, NullLog.Instance, CancellationToken.None);
        var stored = Assert.Single(_emulator.Attachments.Of("Deals", long.Parse(Deal(2))));
        Assert.Equal(Sha(source), stored.Sha256);
        Assert.Equal(2, _emulator.Requests.Snapshot().Count(r => r.Method == "POST" && r.Path.EndsWith("/Attachments", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_upload_whose_outcome_is_unknown_is_not_repeated()
    {
        var source = WriteFile("once.bin", 1000);
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, PathPrefix = $"/crm/v8/Deals/{Deal(3)}/Attachments", Method = "POST" });
        var error = await Assert.ThrowsAsync<ZohoApiException>(() => Service.UploadAsync("Deals", Deal(3), source, null, null, NullLog.Instance, CancellationToken.None));
        Assert.Equal(500, error.HttpStatus);
        Assert.Equal(1, _emulator.Requests.Snapshot().Count(r => r.Method == "POST" && r.Path.EndsWith("/Attachments", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_empty_file_downloads_as_an_empty_file_and_an_existing_name_is_kept()
    {
        var source = WriteFile("empty.txt", 0);
        var id = (await Service.UploadAsync("Deals", Deal(4), source, null, null, NullLog.Instance, CancellationToken.None)).Id;
        var target = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        var saved = await Service.DownloadAsync("Deals", Deal(4), id, new DownloadTarget(target, null, "x", false), null, NullLog.Instance, CancellationToken.None);
        Assert.Equal(0, new FileInfo(saved.Path).Length);

        var exists = await Assert.ThrowsAsync<LocalFileException>(() =>
            Service.DownloadAsync("Deals", Deal(4), id, new DownloadTarget(target, null, "x", false), null, NullLog.Instance, CancellationToken.None));
        Assert.Equal(LocalFileException.FileExists, exists.ErrorId);
        Assert.Single(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public async Task A_photo_is_checked_set_saved_and_deleted()
    {
        var contact = (string)_emulator.Records("Contacts")[0]["id"]!;
        var notImage = WriteFile("not.png", 100);
        Assert.Equal(LocalFileException.UnsupportedImage, Assert.Throws<LocalFileException>(() => Service.CheckPhoto(notImage)).ErrorId);

        var png = Path.Combine(_folder, "face.png");
        File.WriteAllBytes(png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        await Service.SetPhotoAsync("Contacts", contact, png, skipWorkflow: true, NullLog.Instance, CancellationToken.None);
        Assert.Equal("workflow", _emulator.Requests.Snapshot().Last(r => r.Method == "POST").Query["restrict_triggers"]);

        var target = Directory.CreateDirectory(Path.Combine(_folder, "photo")).FullName;
        var saved = await Service.DownloadPhotoAsync("Contacts", contact, new DownloadTarget(target, null, "Contacts-" + contact, false), NullLog.Instance, CancellationToken.None);
        Assert.NotNull(saved);
        Assert.Equal(Sha(png), Sha(saved!.Path));

        await Service.DeletePhotoAsync("Contacts", contact, NullLog.Instance, CancellationToken.None);
        Assert.Null(await Service.DownloadPhotoAsync("Contacts", contact, new DownloadTarget(target, "again.png", "x", false), NullLog.Instance, CancellationToken.None));
    }
}
