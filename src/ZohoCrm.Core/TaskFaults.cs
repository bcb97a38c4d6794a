using System.Threading;
using System.Threading.Tasks;

namespace ZohoCrm.Core
{
    internal static class TaskFaults
    {
        /// <summary>
        /// Observes <paramref name="task"/>'s failure, if it fails, for work nobody may await (a socket operation given
        /// up on, a page read ahead and then not wanted), so it never surfaces as an unobserved task exception.
        /// </summary>
        public static void Observe(Task task) =>
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
