using System.Security.Cryptography;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Files;

/// <summary>One attachment: a stored file (its bytes) or a link.</summary>
public sealed class StoredAttachment
{
    public required long Id { get; init; }

    public required string Module { get; init; }

    public required long RecordId { get; init; }

    public required string FileName { get; init; }

    public byte[] Content { get; init; } = [];

    public string ContentType { get; init; } = "application/octet-stream";

    /// <summary>The link of a link attachment; null for a file.</summary>
    public string? LinkUrl { get; init; }

    public required CrmUser Owner { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public required long FileId { get; init; }

    public bool IsLink => LinkUrl is not null;

    public string Sha256 => Convert.ToHexString(SHA256.HashData(Content));
}

/// <summary>A record's photo.</summary>
public sealed record StoredPhoto(byte[] Content, string ContentType, string FileName);

/// <summary>Attachments and photos of every record, in memory.</summary>
public sealed class AttachmentStore
{
    private static readonly long FirstId = ZohoIds.Make(950_000_000_000L);
    private readonly object _gate = new();
    private readonly Dictionary<(string Module, long RecordId), List<StoredAttachment>> _byRecord = new();
    private readonly Dictionary<(string Module, long RecordId), StoredPhoto> _photos = new();
    private long _nextId = FirstId;

    public StoredAttachment Add(string module, long recordId, string fileName, byte[] content, string contentType, string? linkUrl, CrmUser owner, DateTimeOffset now)
    {
        lock (_gate)
        {
            var attachment = new StoredAttachment
            {
                Id = _nextId++,
                Module = module,
                RecordId = recordId,
                FileName = fileName,
                Content = content,
                ContentType = contentType,
                LinkUrl = linkUrl,
                Owner = owner,
                CreatedTime = ZohoTime.TruncateToSeconds(now),
                FileId = _nextId++,
            };
            if (!_byRecord.TryGetValue((module, recordId), out var list))
            {
                _byRecord[(module, recordId)] = list = new List<StoredAttachment>();
            }

            list.Add(attachment);
            return attachment;
        }
    }

    /// <summary>A record's attachments, newest first.</summary>
    public IReadOnlyList<StoredAttachment> Of(string module, long recordId)
    {
        lock (_gate)
        {
            return _byRecord.TryGetValue((module, recordId), out var list)
                ? list.OrderByDescending(a => a.CreatedTime).ThenByDescending(a => a.Id).ToList()
                : [];
        }
    }

    public StoredAttachment? Find(string module, long recordId, long id)
    {
        lock (_gate)
        {
            return _byRecord.TryGetValue((module, recordId), out var list) ? list.FirstOrDefault(a => a.Id == id) : null;
        }
    }

    public bool Remove(string module, long recordId, long id)
    {
        lock (_gate)
        {
            return _byRecord.TryGetValue((module, recordId), out var list) && list.RemoveAll(a => a.Id == id) > 0;
        }
    }

    public IReadOnlyList<StoredAttachment> All
    {
        get
        {
            lock (_gate)
            {
                return _byRecord.Values.SelectMany(l => l).OrderBy(a => a.Id).ToList();
            }
        }
    }

    public StoredPhoto? Photo(string module, long recordId)
    {
        lock (_gate)
        {
            return _photos.GetValueOrDefault((module, recordId));
        }
    }

    public void SetPhoto(string module, long recordId, StoredPhoto photo)
    {
        lock (_gate)
        {
            _photos[(module, recordId)] = photo;
        }
    }

    public bool RemovePhoto(string module, long recordId)
    {
        lock (_gate)
        {
            return _photos.Remove((module, recordId));
        }
    }
}
