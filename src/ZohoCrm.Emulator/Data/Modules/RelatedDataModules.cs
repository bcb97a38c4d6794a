using T = ZohoCrm.Emulator.Data.FieldDataType;

namespace ZohoCrm.Emulator.Data.Modules;

/// <summary>Modules that hang under other records: Quotes, Notes and Price_Books (fact sheet §16, §17, §23).</summary>
internal static class RelatedDataModules
{
    public static IEnumerable<ModuleBuilder> All()
    {
        yield return new ModuleBuilder("Quotes", "Quote", "Quotes", "Subject")
            .Text("Subject", "Subject", mandatory: true)
            .Picklist("Quote_Stage", "Quote Stage", ["Draft", "Negotiation", "Delivered", "On Hold", "Confirmed", "Closed Won", "Closed Lost"])
            .Of(T.Date, "Valid_Till", "Valid Until")
            .Lookup("Contact_Name", "Contact Name", "Contacts")
            .Lookup("Account_Name", "Account Name", "Accounts", mandatory: true)
            .Lookup("Deal_Name", "Deal Name", "Deals")
            .Picklist("Carrier", "Carrier", ["FedEX", "UPS", "USPS", "DHL", "BlueDart"])
            .Of(T.Currency, "Grand_Total", "Grand Total", readOnly: true)
            .Of(T.TextArea, "Terms_and_Conditions", "Terms and Conditions")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Quote Owner");
        yield return new ModuleBuilder("Notes", "Note", "Notes", "Note_Title")
            .Text("Note_Title", "Note Title", 120)
            .Of(T.TextArea, "Note_Content", "Note Content", mandatory: true)
            .Add(new FieldDefinition("Parent_Id", "Parent ID", T.Lookup) { SystemMandatory = true })
            .SystemFields("Note Owner");
        yield return new ModuleBuilder("Price_Books", "Price Book", "Price Books", "Price_Book_Name")
            .Text("Price_Book_Name", "Price Book Name", 120, mandatory: true)
            .Of(T.Boolean, "Active", "Active")
            .Picklist("Pricing_Model", "Pricing Model", ["-None-", "Flat", "Differential"])
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Price Book Owner");
        // Sales and purchase orders and invoices (fact sheet §23): the person is Contact_Name.
        yield return new ModuleBuilder("Sales_Orders", "Sales Order", "Sales Orders", "Subject")
            .Text("Subject", "Subject", mandatory: true)
            .Picklist("Status", "Status", ["Created", "Approved", "Delivered", "Cancelled"])
            .Lookup("Contact_Name", "Contact Name", "Contacts")
            .Lookup("Account_Name", "Account Name", "Accounts", mandatory: true)
            .Lookup("Deal_Name", "Deal Name", "Deals")
            .Lookup("Quote_Name", "Quote Name", "Quotes")
            .Of(T.Currency, "Grand_Total", "Grand Total", readOnly: true)
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Sales Order Owner");
        yield return new ModuleBuilder("Purchase_Orders", "Purchase Order", "Purchase Orders", "Subject")
            .Text("Subject", "Subject", mandatory: true)
            .Picklist("Status", "Status", ["Created", "Approved", "Delivered", "Cancelled"])
            .Lookup("Contact_Name", "Contact Name", "Contacts")
            .Lookup("Vendor_Name", "Vendor Name", "Vendors", mandatory: true)
            .Of(T.Currency, "Grand_Total", "Grand Total", readOnly: true)
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Purchase Order Owner");
        yield return new ModuleBuilder("Invoices", "Invoice", "Invoices", "Subject")
            .Text("Subject", "Subject", mandatory: true)
            .Picklist("Status", "Status", ["Created", "Approved", "Delivered", "Paid", "Cancelled"])
            .Of(T.Date, "Invoice_Date", "Invoice Date")
            .Lookup("Contact_Name", "Contact Name", "Contacts")
            .Lookup("Account_Name", "Account Name", "Accounts", mandatory: true)
            .Lookup("Sales_Order", "Sales Order", "Sales_Orders")
            .Of(T.Currency, "Grand_Total", "Grand Total", readOnly: true)
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Invoice Owner");
    }
}
