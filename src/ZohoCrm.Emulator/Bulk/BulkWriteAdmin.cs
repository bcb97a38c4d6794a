using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// Admin endpoints for bulk write: GET /__emulator/bulk-write (jobs, callbacks, uploads), POST /__emulator/bulk-write/fail
/// ({"reason"?}: the next job created ends FAILED, writing nothing), POST /__emulator/bulk-write/expire ({"jobId"?}:
/// results can no longer be downloaded).
/// </summary>
internal static class BulkWriteAdmin
{
    public const string Name = "bulk-write";

    public static Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        var jobs = state.BulkWrites;
        return new BulkJobsAdmin
        {
            Jobs = () => jobs.Jobs,
            Callbacks = () => jobs.Callbacks,
            ListMore = listing => listing["uploads"] = jobs.UploadCount,
            FailNextJob = reason => jobs.FailNextJob(reason),
            Expire = jobId => jobs.ExpireResults(jobId),
        }.HandleAsync(http, Name, name, method);
    }
}
