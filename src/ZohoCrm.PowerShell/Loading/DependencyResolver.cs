using System;
using System.Collections.Concurrent;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace ZohoCrm.PowerShell.Loading
{
    /// <summary>
    /// Loads Polly and its netstandard2.0 dependencies from <c>dependencies/</c> beside the module, and only when the
    /// runtime could not find them itself. On PowerShell 7 they go into an assembly load context of their own
    /// (created by reflection, since this assembly targets netstandard2.0), so another module's copies cannot clash;
    /// on Windows PowerShell 5.1 they are loaded by path.
    /// </summary>
    public sealed class DependencyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? ".";
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "dependencies");
        private static readonly ConcurrentDictionary<string, Assembly> Loaded = new ConcurrentDictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private static readonly Lazy<object?> LoadContext = new Lazy<object?>(CreateLoadContext);
        private static int _registered;

        public void OnImport()
        {
            Register();
            // Windows PowerShell 5.1 on older Windows may still default to TLS 1.0/1.1, which Zoho refuses.
            if (LoadContext.Value == null)
                System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (System.Threading.Interlocked.Exchange(ref _registered, 0) == 1)
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        internal static void Register()
        {
            if (System.Threading.Interlocked.Exchange(ref _registered, 1) == 0)
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name)) return null;
            if (Loaded.TryGetValue(name!, out var known)) return known;

            // Our own assemblies live beside the module; dependencies in their folder. Nothing else is ours to serve.
            var candidate = Path.Combine(DependencyDirectory, name + ".dll");
            var isDependency = File.Exists(candidate);
            if (!isDependency)
            {
                candidate = Path.Combine(ModuleDirectory, name + ".dll");
                if (!File.Exists(candidate)) return null;
            }

            var assembly = isDependency && LoadContext.Value != null ? LoadIntoContext(candidate) : Assembly.LoadFrom(candidate);
            return Loaded.GetOrAdd(name!, assembly);
        }

        private static object? CreateLoadContext()
        {
            var type = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            if (type == null) return null; // .NET Framework: Windows PowerShell 5.1
            var constructor = type.GetConstructor(new[] { typeof(string), typeof(bool) });
            return constructor?.Invoke(new object[] { "ZohoCrm.PowerShell.Dependencies", false });
        }

        private static Assembly LoadIntoContext(string path)
        {
            var context = LoadContext.Value!;
            var method = context.GetType().GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            return (Assembly)method.Invoke(context, new object[] { path })!;
        }
    }
}
