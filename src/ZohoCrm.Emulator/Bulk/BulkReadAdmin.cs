using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// Admin endpoints for bulk read: GET /__emulator/bulk-read (jobs and callbacks), POST /__emulator/bulk-read/fail
/// ({"jobId"?, "reason"?}: that job, or the next one created, ends in FAILURE), POST /__emulator/bulk-read/expire
/// ({"jobId"?}: files can no longer be downloaded).
/// </summary>
internal static class BulkReadAdmin
{
    public const string Name = "bulk-read";

    public static Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        var jobs = state.BulkReads;
        return new BulkJobsAdmin
        {
            Jobs = () => jobs.Jobs,
            Callbacks = () => jobs.Callbacks,
            FailNextJob = reason => jobs.FailNextJob(reason),
            FailJob = (jobId, reason) => jobs.FailJob(jobId, reason),
            Expire = jobId => jobs.ExpireDownloads(jobId),
        }.HandleAsync(http, Name, name, method);
    }
}
