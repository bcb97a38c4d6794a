using System;
using System.IO;
using System.Management.Automation;

namespace ZohoCrm.PowerShell.Loading
{
    /// <summary>
    /// Hooks <see cref="OwnAssemblyResolver"/> into the AppDomain while the module is imported. The runtime asks it only
    /// for what it could not find itself; it answers only this module's own assemblies (see <see cref="OwnAssemblyResolver"/>).
    /// On PowerShell 7 dependencies go into an assembly load context of their own, so another module's copies cannot
    /// clash; on Windows PowerShell 5.1 they are loaded by path.
    /// </summary>
    public sealed class DependencyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? ".";
        private static readonly OwnAssemblyResolver Resolver = new OwnAssemblyResolver(
            ModuleDirectory, Path.Combine(ModuleDirectory, "dependencies"), answerUnknownRequester: !OwnAssemblyResolver.HasLoadContexts);
        private static int _registered;

        public void OnImport()
        {
            Register();
            // Windows PowerShell 5.1 on older Windows may still default to TLS 1.0/1.1, which Zoho refuses.
            if (!OwnAssemblyResolver.HasLoadContexts)
                System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (System.Threading.Interlocked.Exchange(ref _registered, 0) == 1)
                AppDomain.CurrentDomain.AssemblyResolve -= Resolver.Resolve;
        }

        internal static void Register()
        {
            if (System.Threading.Interlocked.Exchange(ref _registered, 1) == 0)
                AppDomain.CurrentDomain.AssemblyResolve += Resolver.Resolve;
        }
    }
}
