using System.Management.Automation;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>
    /// Drops Verbose and Debug messages the cmdlet would not show anyway, before they are redacted and handed to the
    /// pipeline thread: every message otherwise wakes that thread, which a loaded machine feels on every call.
    /// Warnings always pass (-WarningVariable collects them even when they are not shown).
    /// </summary>
    internal sealed class PreferenceFilteredLog : IZcrmLog
    {
        private readonly IZcrmLog _inner;
        private readonly bool _verbose;
        private readonly bool _debug;

        private PreferenceFilteredLog(IZcrmLog inner, bool verbose, bool debug)
        {
            _inner = inner;
            _verbose = verbose;
            _debug = debug;
        }

        /// <summary>Reads the cmdlet's effective preferences; call on its pipeline thread.</summary>
        public static IZcrmLog For(PSCmdlet cmdlet, IZcrmLog inner)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            bool? debugSwitch = bound.TryGetValue("Debug", out var d) ? IsOn(d) : (bool?)null;
            bool? verboseSwitch = bound.TryGetValue("Verbose", out var v) ? IsOn(v) : (bool?)null;
            // As PowerShell decides: the switch wins; -Debug also turns Verbose on; else the preference variable.
            var debug = debugSwitch ?? Shows(cmdlet, "DebugPreference");
            var verbose = verboseSwitch ?? (debugSwitch == true || Shows(cmdlet, "VerbosePreference"));
            return verbose && debug ? inner : new PreferenceFilteredLog(inner, verbose, debug);
        }

        private static bool IsOn(object? value) => value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);

        private static bool Shows(PSCmdlet cmdlet, string variable)
        {
            object? value;
            try { value = cmdlet.GetVariableValue(variable); }
            catch (PSInvalidOperationException) { return true; }
            // Anything unreadable counts as shown: a message too many is better than one lost.
            if (!LanguagePrimitives.TryConvertTo<ActionPreference>(value, out var preference)) return true;
            return preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
        }

        public void Verbose(string message)
        {
            if (_verbose) _inner.Verbose(message);
        }

        public void Debug(string message)
        {
            if (_debug) _inner.Debug(message);
        }

        public void Warning(string message) => _inner.Warning(message);
    }
}
