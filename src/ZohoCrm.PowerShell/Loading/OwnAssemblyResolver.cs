using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace ZohoCrm.PowerShell.Loading
{
    /// <summary>
    /// Answers an assembly request only when it comes from this module: from ZohoCrm.PowerShell or ZohoCrm.Core beside
    /// the module, or from a dependency loaded out of <c>dependencies/</c>. It serves only files the module ships:
    /// dependencies from <c>dependencies/</c> (into a load context of their own on .NET), own assemblies from the module
    /// folder. Another module asking for Polly or Newtonsoft.Json gets nothing from us and keeps its own copy.
    /// </summary>
    internal sealed class OwnAssemblyResolver
    {
        private static readonly string[] OwnNames = { "ZohoCrm.PowerShell", "ZohoCrm.Core" };

        private readonly ConcurrentDictionary<string, Assembly> _loaded = new ConcurrentDictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private readonly Lazy<object?> _loadContext;
        private readonly bool _answerUnknownRequester;

        /// <param name="moduleDirectory">The folder of ZohoCrm.PowerShell.dll and ZohoCrm.Core.dll.</param>
        /// <param name="dependencyDirectory">The folder of the private dependencies (Polly and what it needs).</param>
        /// <param name="answerUnknownRequester">
        /// Whether a request without a requesting assembly is answered. .NET always names the requester; .NET Framework
        /// (Windows PowerShell 5.1) may not, and there a request by name alone is answered, as before.
        /// </param>
        internal OwnAssemblyResolver(string moduleDirectory, string dependencyDirectory, bool answerUnknownRequester)
        {
            ModuleDirectory = Path.GetFullPath(moduleDirectory);
            DependencyDirectory = Path.GetFullPath(dependencyDirectory);
            _answerUnknownRequester = answerUnknownRequester;
            _loadContext = new Lazy<object?>(CreateLoadContext);
        }

        internal string ModuleDirectory { get; }

        internal string DependencyDirectory { get; }

        /// <summary>True on .NET (PowerShell 7), where dependencies get a load context of their own.</summary>
        internal static bool HasLoadContexts => LoadContextType != null;

        private static Type? LoadContextType => typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");

        /// <summary>The handler for <see cref="AppDomain.AssemblyResolve"/>.</summary>
        internal Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name) || !IsOwn(args.RequestingAssembly)) return null;
            if (_loaded.TryGetValue(name!, out var known)) return known;

            var file = FileFor(name!);
            if (file == null) return null;
            var isDependency = IsIn(DependencyDirectory, file);
            var assembly = isDependency && _loadContext.Value != null ? LoadIntoContext(file) : Assembly.LoadFrom(file);
            return _loaded.GetOrAdd(name!, assembly);
        }

        /// <summary>The shipped file for an assembly name: a dependency first, then an assembly beside the module; null when the module ships none.</summary>
        internal string? FileFor(string assemblyName)
        {
            if (assemblyName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return null;
            var dependency = Path.Combine(DependencyDirectory, assemblyName + ".dll");
            if (File.Exists(dependency)) return dependency;
            var own = Path.Combine(ModuleDirectory, assemblyName + ".dll");
            return File.Exists(own) ? own : null;
        }

        /// <summary>
        /// Whether a requester is this module: ZohoCrm.PowerShell or ZohoCrm.Core loaded from the module folder, or an
        /// assembly loaded from the dependency folder (on .NET, one in this resolver's load context).
        /// </summary>
        internal bool IsOwn(Assembly? requester)
        {
            if (requester == null) return _answerUnknownRequester;
            if (requester.IsDynamic) return false;
            if (_loadContext.IsValueCreated && _loadContext.Value != null && ReferenceEquals(LoadContextOf(requester), _loadContext.Value)) return true;

            var location = requester.Location;
            if (string.IsNullOrEmpty(location)) return false;
            if (IsIn(DependencyDirectory, location)) return true;
            var name = requester.GetName().Name;
            return IsIn(ModuleDirectory, location) && Array.Exists(OwnNames, own => string.Equals(own, name, StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsIn(string directory, string file)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            return string.Equals(folder?.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), PathComparison);
        }

        private static StringComparison PathComparison => Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        // This assembly targets netstandard2.0, so AssemblyLoadContext is reached by reflection; it is null on .NET Framework.
        private static object? CreateLoadContext()
        {
            var constructor = LoadContextType?.GetConstructor(new[] { typeof(string), typeof(bool) });
            return constructor?.Invoke(new object[] { "ZohoCrm.PowerShell.Dependencies", false });
        }

        private static object? LoadContextOf(Assembly assembly)
        {
            var getLoadContext = LoadContextType?.GetMethod("GetLoadContext", new[] { typeof(Assembly) });
            return getLoadContext?.Invoke(null, new object[] { assembly });
        }

        private Assembly LoadIntoContext(string path)
        {
            var context = _loadContext.Value!;
            var method = context.GetType().GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!;
            return (Assembly)method.Invoke(context, new object[] { path })!;
        }
    }
}
