using Cordon.Common;
using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

[RequestSizeLimit(AttachedFiles.MaxBytes * 4)]
public sealed class NewSeizureModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    [BindProperty(SupportsGet = true)] public Guid? Inspection { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Case { get; set; }
    public string? InspectionReference { get; private set; }

    [BindProperty] public string? Office { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public double? Latitude { get; set; }
    [BindProperty] public double? Longitude { get; set; }
    [BindProperty] public string? RouteFrom { get; set; }
    [BindProperty] public string? RouteTo { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? HsCode { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public string? Unit { get; set; } = "kg";
    [BindProperty] public decimal? WeightKg { get; set; }
    [BindProperty] public decimal? Value { get; set; }
    [BindProperty] public string? Officers { get; set; }
    [BindProperty] public string? Witnesses { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    [BindProperty] public string? Concealment { get; set; }
    [BindProperty] public string? Detection { get; set; }
    [BindProperty] public string? Seals { get; set; }
    [BindProperty] public bool Perishable { get; set; }
    [BindProperty] public bool Hazardous { get; set; }
    [BindProperty] public decimal? PaymentDue { get; set; }
    [BindProperty] public string? Marking { get; set; } = "TLP:AMBER";
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        if (Inspection is { } id && await Db.Inspections.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.OwningAgencyId == Me.AgencyId, ct) is { } i)
        {
            InspectionReference = i.Reference;
            Office ??= i.Office;
            Case ??= i.CaseId;
        }
    }

    private static string[] List(string? text) => (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Guid? created = null;
        var result = await ChangeAsync(async () =>
        {
            var photos = await FormFiles.AttachmentsAsync(Photos, ct);
            var view = await Seizures.CreateAsync(Db, Me, new NewSeizure
            {
                CaseId = Case,
                InspectionId = Inspection,
                Office = Office,
                Place = Place,
                Latitude = Latitude,
                Longitude = Longitude,
                RouteFrom = RouteFrom,
                RouteTo = RouteTo,
                Items = [new SeizedItemRequest(Description, HsCode, Quantity, Unit, WeightKg, Value, Value is null ? null : "EUR", Category)],
                SeizingOfficers = List(Officers),
                Witnesses = List(Witnesses),
                Owner = Owner,
                LegalBasis = LegalBasis,
                ConcealmentMethod = Concealment,
                DetectionMethod = Detection,
                SealNumbers = List(Seals),
                Perishable = Perishable,
                Hazardous = Hazardous,
                PaymentDue = PaymentDue,
                Marking = Marking,
                Attachments = [.. photos],
            }, ct);
            created = view.Id;
            return Text["Seizure {0} recorded.", view.Reference];
        }, () => LoadAsync(ct));
        return created is { } id ? Redirect($"/cases/seizures/{id}") : result;
    }
}
