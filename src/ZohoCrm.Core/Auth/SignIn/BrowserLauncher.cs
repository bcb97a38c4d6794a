using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>Opens a URL for the person signing in.</summary>
    public interface IBrowserLauncher
    {
        /// <summary>Opens <paramref name="url"/>; false with the reason when no browser can be started.</summary>
        bool TryOpen(Uri url, out string? problem);
    }

    /// <summary>
    /// The system browser (Windows shell, macOS <c>open</c>, <c>xdg-open</c> in a graphical session elsewhere), or, when
    /// the <see cref="OverrideVariable"/> environment variable is set, the command it names, run with the URL as its last
    /// argument (for tests and automation, e.g. a script that follows the sign-in with a headless client).
    /// </summary>
    public sealed class SystemBrowserLauncher : IBrowserLauncher
    {
        public const string OverrideVariable = "ZCRM_BROWSER";

        private readonly Func<string, string?> _environment;

        public SystemBrowserLauncher(Func<string, string?>? environment = null)
        {
            _environment = environment ?? Environment.GetEnvironmentVariable;
        }

        public bool TryOpen(Uri url, out string? problem)
        {
            problem = null;
            var command = _environment(OverrideVariable);
            if (!string.IsNullOrWhiteSpace(command))
            {
                var parts = SplitCommandLine(command!);
                if (parts.Count == 0) { problem = $"{OverrideVariable} names no command."; return false; }
                parts.Add(url.AbsoluteUri);
                return Start(new ProcessStartInfo(parts[0], JoinArguments(parts, 1)) { UseShellExecute = false }, out problem);
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }, out problem);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                return Start(new ProcessStartInfo("open", Quote(url.AbsoluteUri)) { UseShellExecute = false }, out problem);

            if (string.IsNullOrEmpty(_environment("DISPLAY")) && string.IsNullOrEmpty(_environment("WAYLAND_DISPLAY")))
            {
                problem = "there is no graphical session here (neither DISPLAY nor WAYLAND_DISPLAY is set), as in an SSH session or a container";
                return false;
            }

            return Start(new ProcessStartInfo("xdg-open", Quote(url.AbsoluteUri)) { UseShellExecute = false }, out problem);
        }

        private static bool Start(ProcessStartInfo info, out string? problem)
        {
            problem = null;
            try
            {
                using var process = Process.Start(info);
                return true;
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is PlatformNotSupportedException)
            {
                problem = $"'{info.FileName}' could not be started ({ex.Message})";
                return false;
            }
        }

        /// <summary>Splits a command line on spaces, keeping double-quoted parts together (quotes removed).</summary>
        internal static List<string> SplitCommandLine(string command)
        {
            var parts = new List<string>();
            var current = new StringBuilder();
            var quoted = false;
            var any = false;
            foreach (var c in command)
            {
                if (c == '"') { quoted = !quoted; any = true; continue; }
                if (char.IsWhiteSpace(c) && !quoted)
                {
                    if (any) parts.Add(current.ToString());
                    current.Clear();
                    any = false;
                    continue;
                }
                current.Append(c);
                any = true;
            }
            if (any) parts.Add(current.ToString());
            return parts;
        }

        private static string JoinArguments(List<string> parts, int start)
        {
            var builder = new StringBuilder();
            for (var i = start; i < parts.Count; i++)
            {
                if (builder.Length > 0) builder.Append(' ');
                builder.Append(Quote(parts[i]));
            }
            return builder.ToString();
        }

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '"' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
    }
}
