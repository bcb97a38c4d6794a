using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>
    /// Converts leads into a contact, an account (new, or the one given) and optionally a deal, one call (5 credits)
    /// each; takes leads from Get-ZcrmRecord -Module Leads on the pipeline and returns the new ids.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ZcrmLeadConversion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ZcrmLeadConversionResult))]
    public sealed class InvokeZcrmLeadConversionCommand : ZcrmApiCmdlet
    {
        private LeadConversion? _conversion;

        /// <summary>The lead's id; records from Get-ZcrmRecord -Module Leads bind by their id property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("LeadId")]
        public string Id { get; set; } = string.Empty;

        /// <summary>Link the lead to this existing account instead of creating one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccountId { get; set; }

        /// <summary>Link the lead to this existing contact instead of creating one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ContactId { get; set; }

        /// <summary>Create a deal too: @{ Deal_Name = '…'; Closing_Date = (Get-Date).AddDays(30); Stage = 'Qualification' }.</summary>
        [Parameter]
        public Hashtable? Deal { get; set; }

        /// <summary>The id of the user who will own the new records.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AssignTo { get; set; }

        /// <summary>With -AccountId/-ContactId: overwrite that record's fields with the lead's values.</summary>
        [Parameter]
        public SwitchParameter Overwrite { get; set; }

        [Parameter]
        public SwitchParameter NotifyLeadOwner { get; set; }

        [Parameter]
        public SwitchParameter NotifyNewEntityOwner { get; set; }

        /// <summary>Convert without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The piped lead, kept as the TargetObject of its error if the conversion fails.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _conversion = new LeadConversion
            {
                AccountId = AccountId,
                ContactId = ContactId,
                AssignTo = AssignTo,
                Overwrite = Overwrite.IsPresent ? true : (bool?)null,
                NotifyLeadOwner = NotifyLeadOwner.IsPresent ? true : (bool?)null,
                NotifyNewEntityOwner = NotifyNewEntityOwner.IsPresent ? true : (bool?)null,
            };
            if (Deal != null)
            {
                Run(async (log, ct) =>
                {
                    var (module, fields) = await Session.Connection.Metadata.GetFieldsOfAsync("Deals", log, ct).ConfigureAwait(false);
                    var problems = new List<PayloadProblem>();
                    var builder = new RecordPayloadBuilder(module, fields);
                    _conversion.Deal = builder.Build(InputValues.Of(Deal), clearEmpty: false, problems);
                    if (problems.Count > 0) throw new ZcrmUsageException("ZcrmInvalidDeal", "-Deal: " + string.Join("; ", problems.ConvertAll(p => p.Message)));
                    foreach (var name in builder.UnknownNames) log.Warning($"'{name}' is not a field of Deals, so it is not sent.");
                }, Deal);
            }
        }

        protected override void ProcessRecord()
        {
            var module = InputObject != null ? RecordObjects.ModuleOf(InputObject) : null;
            if (module != null && module != "Leads")
            {
                WriteError(ErrorRecords.NotALead(module, InputObject));
                return;
            }
            var id = Id.Trim();
            var name = InputObject != null ? InputValues.Describe(InputValues.Of(InputObject)) : string.Empty;
            var target = name.Length > 0 && name != id ? $"lead '{name}' ({id})" : $"lead {id}";
            if (!Approve(target, "Convert to a contact" + (AccountId == null ? " and account" : "") + (Deal != null ? " and a deal" : ""), Force)) return;

            Run(async (log, ct) =>
            {
                LeadConversionResult result;
                try
                {
                    result = await Session.Connection.LeadConverter.ConvertAsync(id, _conversion!, log, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ZohoApiException || ex is ZohoTransportException)
                {
                    // One lead failing must not stop the others.
                    EmitError(ErrorRecords.From(ex, (object?)InputObject ?? id));
                    return;
                }
                if (result.Succeeded)
                {
                    Emit(new ZcrmLeadConversionResult(result));
                    return;
                }
                EmitError(ErrorRecords.LeadNotConverted(result, id, (object?)InputObject ?? id));
            }, id);
        }
    }
}
