using ZohoCrm.Emulator.Data.Criteria;
using T = ZohoCrm.Emulator.Data.FieldDataType;

namespace ZohoCrm.Emulator.Data.Modules;

/// <summary>Field sets of the modules the emulator knows; Leads, Contacts, Accounts and Deals carry data.</summary>
internal static class StandardModules
{
    public static ModuleBuilder Leads()
    {
        var b = new ModuleBuilder("Leads", "Lead", "Leads", "Full_Name") { SupportsConversion = true };
        b.Picklist("Salutation", "Salutation", PicklistValues.Salutation)
            .Add(new FieldDefinition("First_Name", "First Name", T.Text) { Length = 40, ConvertMapping = Map(("Contacts", "First_Name")) })
            .Add(new FieldDefinition("Last_Name", "Last Name", T.Text) { Length = 80, SystemMandatory = true, ConvertMapping = Map(("Contacts", "Last_Name")) })
            .Text("Full_Name", "Lead Name", readOnly: true)
            .Add(new FieldDefinition("Company", "Company", T.Text) { Length = 200, ConvertMapping = Map(("Accounts", "Account_Name")) })
            .Text("Designation", "Title", 100)
            .Add(new FieldDefinition("Email", "Email", T.Email) { Unique = true, ConvertMapping = Map(("Contacts", "Email")) })
            .Of(T.Email, "Secondary_Email", "Secondary Email")
            .Of(T.Phone, "Phone", "Phone")
            .Of(T.Phone, "Mobile", "Mobile")
            .Of(T.Website, "Website", "Website")
            .Picklist("Lead_Source", "Lead Source", PicklistValues.LeadSource)
            .Picklist("Lead_Status", "Lead Status", PicklistValues.LeadStatus)
            .Picklist("Industry", "Industry", PicklistValues.Industry)
            .Of(T.Integer, "No_of_Employees", "No. of Employees")
            .Of(T.Currency, "Annual_Revenue", "Annual Revenue")
            .Picklist("Rating", "Rating", PicklistValues.Rating)
            .Of(T.Boolean, "Email_Opt_Out", "Email Opt Out")
            .Text("Twitter", "Twitter", 50)
            .Of(T.TextArea, "Description", "Description")
            .Text("Street", "Street", 250)
            .Text("City", "City", 100)
            .Text("State", "State", 100)
            .Text("Zip_Code", "Zip Code", 30)
            .Text("Country", "Country", 100)
            .Picklist("Product_Interest", "Product Interest", PicklistValues.ProductInterest, multi: true, custom: true)
            .Of(T.BigInt, "Legacy_ID", "Legacy ID", custom: true)
            .AutoNumber("Lead_Number", "Lead Number", "LD-")
            .Of(T.Date, "Follow_Up_Date", "Follow-up Date", custom: true)
            .Of(T.DateTime, "Last_Activity_Time", "Last Activity Time", readOnly: true)
            .SystemFields("Lead Owner");
        b.View(new CustomViewDefinition
        {
            Name = "Contacted Leads",
            DisplayValue = "Contacted Leads",
            Criteria = new CriteriaCondition("Lead_Status", "equal", "Contacted"),
            Fields = ["Full_Name", "Company", "Email", "Lead_Status", "Owner"],
        });
        b.View(new CustomViewDefinition
        {
            Name = "Hot Web Leads",
            DisplayValue = "Hot Web Leads",
            Category = "created_by_me",
            Criteria = new CriteriaGroup("and",
            [
                new CriteriaCondition("Lead_Source", "in", ["Web Download", "Web Research"]),
                new CriteriaCondition("Rating", "in", ["Acquired", "Active"]),
            ]),
            SortBy = "Modified_Time",
            Fields = ["Full_Name", "Company", "Lead_Source", "Rating"],
        });
        b.View(new CustomViewDefinition
        {
            Name = "My Leads",
            DisplayValue = "My Leads",
            SystemName = "MYVIEW",
            SystemDefined = true,
            Criteria = new CriteriaCondition("Owner", "equal", CriteriaEvaluator.CurrentUserMacro),
            Fields = ["Full_Name", "Company", "Email", "Phone"],
        });
        return b.Tag("VIP", "#F17574").Tag("Trade Show 2024", "#57B1FD").Tag("Follow Up", "#63C57E");
    }

    public static ModuleBuilder Contacts()
    {
        var b = new ModuleBuilder("Contacts", "Contact", "Contacts", "Full_Name");
        b.Picklist("Salutation", "Salutation", PicklistValues.Salutation)
            .Text("First_Name", "First Name", 40)
            .Text("Last_Name", "Last Name", 80, mandatory: true)
            .Text("Full_Name", "Contact Name", readOnly: true)
            .Lookup("Account_Name", "Account Name", "Accounts")
            .Of(T.Email, "Email", "Email", unique: true)
            .Of(T.Email, "Secondary_Email", "Secondary Email")
            .Of(T.Phone, "Phone", "Phone")
            .Of(T.Phone, "Mobile", "Mobile")
            .Of(T.Phone, "Home_Phone", "Home Phone")
            .Text("Title", "Title", 100)
            .Text("Department", "Department", 30)
            .Picklist("Lead_Source", "Lead Source", PicklistValues.LeadSource)
            .Of(T.Date, "Date_of_Birth", "Date of Birth")
            .Of(T.Boolean, "Email_Opt_Out", "Email Opt Out")
            .Of(T.TextArea, "Description", "Description")
            .Text("Mailing_Street", "Mailing Street", 250)
            .Text("Mailing_City", "Mailing City", 100)
            .Text("Mailing_State", "Mailing State", 100)
            .Text("Mailing_Zip", "Mailing Zip", 30)
            .Text("Mailing_Country", "Mailing Country", 100)
            .SystemFields("Contact Owner");
        b.View(new CustomViewDefinition
        {
            Name = "Opted Out Contacts",
            DisplayValue = "Opted Out Contacts",
            Criteria = new CriteriaCondition("Email_Opt_Out", "equal", "true"),
            Fields = ["Full_Name", "Email", "Account_Name"],
        });
        return b.Tag("VIP", "#F17574").Tag("Newsletter", "#1DB9B4");
    }

    public static ModuleBuilder Accounts()
    {
        var b = new ModuleBuilder("Accounts", "Account", "Accounts", "Account_Name");
        b.Text("Account_Name", "Account Name", 200, mandatory: true, unique: true)
            .Of(T.BigInt, "Account_Number", "Account Number")
            .Text("Account_Site", "Account Site", 80)
            .Picklist("Account_Type", "Account Type", PicklistValues.AccountType)
            .Picklist("Industry", "Industry", PicklistValues.Industry)
            .Of(T.Currency, "Annual_Revenue", "Annual Revenue")
            .Of(T.Integer, "Employees", "Employees")
            .Picklist("Ownership", "Ownership", PicklistValues.Ownership)
            .Picklist("Rating", "Rating", PicklistValues.Rating)
            .Of(T.Phone, "Phone", "Phone")
            .Of(T.Phone, "Fax", "Fax")
            .Of(T.Website, "Website", "Website")
            .Text("Ticker_Symbol", "Ticker Symbol", 30)
            .Of(T.Integer, "SIC_Code", "SIC Code")
            .Lookup("Parent_Account", "Parent Account", "Accounts")
            .Text("Billing_Street", "Billing Street", 250)
            .Text("Billing_City", "Billing City", 100)
            .Text("Billing_State", "Billing State", 100)
            .Text("Billing_Code", "Billing Code", 30)
            .Text("Billing_Country", "Billing Country", 100)
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Account Owner");
        b.View(new CustomViewDefinition
        {
            Name = "Customer Accounts",
            DisplayValue = "Customer Accounts",
            Criteria = new CriteriaCondition("Account_Type", "equal", "Customer"),
            Fields = ["Account_Name", "Phone", "Website", "Owner"],
        });
        return b.Tag("Key Account", "#D297EE").Tag("Renewal", "#E7A826");
    }

    public static ModuleBuilder Deals()
    {
        var b = new ModuleBuilder("Deals", "Deal", "Deals", "Deal_Name");
        b.Text("Deal_Name", "Deal Name", 120, mandatory: true)
            .Lookup("Account_Name", "Account Name", "Accounts")
            .Lookup("Contact_Name", "Contact Name", "Contacts")
            .Of(T.Currency, "Amount", "Amount")
            .Of(T.Date, "Closing_Date", "Closing Date", mandatory: true)
            .Picklist("Stage", "Stage", PicklistValues.Stage, mandatory: true)
            .Picklist("Pipeline", "Pipeline", PicklistValues.Pipeline, mandatory: true)
            .Of(T.Integer, "Probability", "Probability (%)", length: 3)
            .Of(T.Currency, "Expected_Revenue", "Expected Revenue", readOnly: true)
            .Picklist("Type", "Type", PicklistValues.DealType)
            .Text("Next_Step", "Next Step", 100)
            .Picklist("Lead_Source", "Lead Source", PicklistValues.LeadSource)
            .Lookup("Campaign_Source", "Campaign Source", "Campaigns")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Deal Owner");
        b.View(new CustomViewDefinition
        {
            Name = "Open Deals",
            DisplayValue = "Open Deals",
            Criteria = new CriteriaCondition("Stage", "not_in", ["Closed Won", "Closed Lost", "Closed Lost to Competition"]),
            SortBy = "Modified_Time",
            SortOrder = "asc",
            Fields = ["Deal_Name", "Amount", "Stage", "Closing_Date", "Owner"],
        });
        return b.Tag("Renewal", "#E7A826").Tag("Upsell", "#A8C026");
    }

    /// <summary>Standard modules listed in metadata, with small field sets and no records.</summary>
    public static IEnumerable<ModuleBuilder> MetadataOnly()
    {
        yield return new ModuleBuilder("Tasks", "Task", "Tasks", "Subject")
            .Text("Subject", "Subject", mandatory: true)
            .Of(T.Date, "Due_Date", "Due Date")
            .Picklist("Status", "Status", PicklistValues.TaskStatus)
            .Picklist("Priority", "Priority", PicklistValues.Priority)
            .Lookup("Who_Id", "Contact Name", "Contacts")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Task Owner");
        yield return new ModuleBuilder("Events", "Meeting", "Meetings", "Event_Title")
            .Text("Event_Title", "Title", mandatory: true)
            .Of(T.DateTime, "Start_DateTime", "From", mandatory: true)
            .Of(T.DateTime, "End_DateTime", "To", mandatory: true)
            .Text("Venue", "Location")
            .Of(T.Boolean, "All_day", "All day")
            .Lookup("Who_Id", "Contact Name", "Contacts")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Host");
        yield return new ModuleBuilder("Calls", "Call", "Calls", "Subject")
            .Text("Subject", "Subject", mandatory: true)
            .Picklist("Call_Type", "Call Type", PicklistValues.CallType, mandatory: true)
            .Of(T.DateTime, "Call_Start_Time", "Call Start Time", mandatory: true)
            .Text("Call_Duration", "Call Duration", 10)
            .Lookup("Who_Id", "Contact Name", "Contacts")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Call Owner");
        yield return new ModuleBuilder("Products", "Product", "Products", "Product_Name")
            .Text("Product_Name", "Product Name", 120, mandatory: true)
            .Text("Product_Code", "Product Code", 40)
            .Of(T.Currency, "Unit_Price", "Unit Price")
            .Of(T.Boolean, "Product_Active", "Product Active")
            .Of(T.Double, "Qty_in_Stock", "Qty in Stock")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Product Owner");
        yield return new ModuleBuilder("Campaigns", "Campaign", "Campaigns", "Campaign_Name")
            .Text("Campaign_Name", "Campaign Name", 120, mandatory: true)
            .Picklist("Type", "Type", PicklistValues.CampaignType)
            .Picklist("Status", "Status", PicklistValues.CampaignStatus)
            .Of(T.Date, "Start_Date", "Start Date")
            .Of(T.Date, "End_Date", "End Date")
            .Of(T.Currency, "Expected_Revenue", "Expected Revenue")
            .Of(T.Currency, "Budgeted_Cost", "Budgeted Cost")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Campaign Owner");
        yield return new ModuleBuilder("Vendors", "Vendor", "Vendors", "Vendor_Name")
            .Text("Vendor_Name", "Vendor Name", 120, mandatory: true)
            .Of(T.Email, "Email", "Email")
            .Of(T.Phone, "Phone", "Phone")
            .Of(T.Website, "Website", "Website")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Vendor Owner");
        yield return new ModuleBuilder("Cases", "Case", "Cases", "Subject")
            .AutoNumber("Case_Number", "Case Number", "CS-", custom: false)
            .Text("Subject", "Subject", mandatory: true)
            .Picklist("Status", "Status", PicklistValues.CaseStatus, mandatory: true)
            .Picklist("Case_Origin", "Case Origin", PicklistValues.CaseOrigin, mandatory: true)
            .Picklist("Priority", "Priority", PicklistValues.Priority)
            .Lookup("Account_Name", "Account Name", "Accounts")
            .Lookup("Related_To", "Contact Name", "Contacts")
            .Of(T.Email, "Email", "Email")
            .Of(T.TextArea, "Description", "Description")
            .SystemFields("Case Owner");
        yield return new ModuleBuilder("Solutions", "Solution", "Solutions", "Solution_Title")
            .AutoNumber("Solution_Number", "Solution Number", "SL-", custom: false)
            .Text("Solution_Title", "Solution Title", mandatory: true)
            .Picklist("Status", "Status", PicklistValues.SolutionStatus, mandatory: true)
            .Of(T.TextArea, "Question", "Question")
            .Of(T.TextArea, "Answer", "Answer")
            .SystemFields("Solution Owner");
    }

    private static Dictionary<string, string> Map(params (string Module, string Field)[] pairs) =>
        pairs.ToDictionary(p => p.Module, p => p.Field, StringComparer.Ordinal);
}
