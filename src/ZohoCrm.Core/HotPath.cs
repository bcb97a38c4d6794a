using System.Runtime.CompilerServices;

namespace ZohoCrm.Core
{
    /// <summary>
    /// For the few methods that run once per field of every record or cell streamed: compiled optimized at once, rather
    /// than first as the unoptimized code .NET starts with, which PowerShell's steady compiling of scripts keeps it
    /// running for a long time. (MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name; .NET
    /// Framework ignores it.)
    /// </summary>
    public static class HotPath
    {
        public const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
