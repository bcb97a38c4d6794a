using System.Management.Automation;
using System.Text;

namespace ZohoCrm.PowerShell.Tests.Hosting;

/// <summary>Everything a script wrote, stream by stream.</summary>
public sealed class ScriptResult
{
    public List<PSObject> Output { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<WarningRecord> Warnings { get; } = new();
    public List<VerboseRecord> Verbose { get; } = new();
    public List<DebugRecord> Debug { get; } = new();
    public List<InformationRecord> Information { get; } = new();
    public List<ProgressRecord> Progress { get; } = new();

    /// <summary>The terminating error that ended the script, if any.</summary>
    public Exception? Terminating { get; set; }

    public bool HadErrors => Errors.Count > 0 || Terminating != null;

    public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

    public IEnumerable<ErrorRecord> AllErrors => TerminatingRecord == null ? Errors : Errors.Append(TerminatingRecord);

    /// <summary>
    /// The first error, however it ended up: a cmdlet's terminating error ends its statement and lands in the error
    /// stream while the script goes on; a script-terminating one ends up in <see cref="Terminating"/>.
    /// </summary>
    public ErrorRecord? Error => AllErrors.FirstOrDefault();

    /// <summary>Every stream rendered as text, including error details, exception chains and object properties.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var o in Output) AppendObject(text, o, 0);
        foreach (var e in AllErrors)
        {
            text.AppendLine(e.ToString());
            text.AppendLine(e.ErrorDetails?.Message);
            text.AppendLine(e.ErrorDetails?.RecommendedAction);
            text.AppendLine(e.FullyQualifiedErrorId);
            text.AppendLine(e.CategoryInfo.ToString());
            text.AppendLine(Convert.ToString(e.TargetObject));
            for (var ex = e.Exception; ex != null; ex = ex.InnerException) text.AppendLine(ex.ToString());
        }
        for (var ex = Terminating; ex != null; ex = ex.InnerException) text.AppendLine(ex.ToString());
        foreach (var w in Warnings) text.AppendLine(w.Message);
        foreach (var v in Verbose) text.AppendLine(v.Message);
        foreach (var d in Debug) text.AppendLine(d.Message);
        foreach (var i in Information) text.AppendLine(Convert.ToString(i.MessageData));
        foreach (var p in Progress) text.AppendLine(p.Activity + " " + p.StatusDescription);
        return text.ToString();
    }

    private static void AppendObject(StringBuilder text, object? value, int depth)
    {
        if (value == null || depth > 4) return;
        if (value is PSObject pso && pso.BaseObject is not string && !pso.BaseObject.GetType().IsPrimitive)
        {
            // A ToString script method (lookups) needs a runspace on this thread; the properties below say enough.
            try { text.AppendLine(pso.ToString()); }
            catch (ExtendedTypeSystemException) { text.AppendLine(pso.BaseObject.GetType().FullName); }
            foreach (var property in pso.Properties)
            {
                object? v;
                try { v = property.Value; } catch { continue; }
                text.Append(property.Name).Append('=');
                AppendObject(text, v, depth + 1);
            }
            return;
        }
        if (value is System.Collections.IEnumerable seq && value is not string)
        {
            foreach (var item in seq) AppendObject(text, item, depth + 1);
            return;
        }
        text.AppendLine(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
