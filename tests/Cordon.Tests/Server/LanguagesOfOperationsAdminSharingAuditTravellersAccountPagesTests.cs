using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>
/// The operations, administration, sharing, audit, travellers and account pages in French and Arabic:
/// rendered on the demo data, and read at the source for English written outside the resources.
/// </summary>
public sealed partial class LanguagesOfOperationsAdminSharingAuditTravellersAccountPagesTests
{
    /// <summary>A page, who may open it, and a heading (or the start of one) in each language.</summary>
    private sealed record Heading(string User, string Path, string English, string French, string Arabic);

    private static readonly Heading[] Lists =
    [
        new("supervisor", "/operations/overview", "Joint operations<", "Opérations conjointes<", "العمليات المشتركة<"),
        new("supervisor", "/operations/map", "Latest events<", "Derniers événements<", "آخر الأحداث<"),
        new("supervisor", "/operations/incidents", "Reported (UTC)<", "Signalé (UTC)<", "أُبلغ عنه (UTC)<"),
        new("supervisor", "/operations/incidents/report", "Report an incident<", "Signaler un incident<", "الإبلاغ عن حادث<"),
        new("supervisor", "/operations/new", "New joint operation<", "Nouvelle opération conjointe<", "عملية مشتركة جديدة<"),
        new("supervisor", "/operations/watched-areas", "Watch an area<", "Surveiller une zone<", "مراقبة منطقة<"),
        new("supervisor", "/operations/response-plans", "Response plans<", "Plans d'intervention<", "خطط الاستجابة<"),
        new("supervisor", "/operations/qualifications", "Officers' qualifications<", "Qualifications des agents<", "مؤهلات الموظفين<"),
        new("supervisor", "/operations/trainings", "Joint training sessions and exercises<", "Formations et exercices conjoints<", "الدورات التدريبية والتمارين المشتركة<"),
        new("supervisor", "/travellers/primary-line", "Primary line<", "Première ligne<", "خط الفحص الأول<"),
        new("supervisor", "/travellers/flights", "Flights and voyages<", "Vols et traversées<", "الرحلات الجوية والبحرية<"),
        new("supervisor", "/travellers/overstayers", "Overstayers<", "Dépassements de séjour<", "المتجاوزون لمدة الإقامة<"),
        new("supervisor", "/travellers/statistics", "Traveller statistics<", "Statistiques des voyageurs<", "إحصاءات المسافرين<"),
        new("supervisor", "/sharing/agreements", "Sharing agreements<", "Accords de partage<", "اتفاقيات المشاركة<"),
        new("supervisor", "/sharing/access-review", "Break-glass access to review<", "Accès d'urgence à examiner<", "وصول طارئ بانتظار المراجعة<"),
        new("supervisor", "/account/password", "Change password<", "Changer le mot de passe<", "تغيير كلمة المرور<"),
        new("supervisor", "/account/two-factor", "Second factor<", "Second facteur<", "العامل الثاني<"),
        new("supervisor", "/logout", "Sign out of Cordon?<", "Se déconnecter de Cordon ?<", "تسجيل الخروج من Cordon؟<"),
        new("supervisor", "/denied", "Not allowed<", "Non autorisé<", "غير مسموح<"),
        new("admin", "/admin/agencies", "Administrations that own records", "Administrations qui détiennent des dossiers", "الجهات التي تملك السجلات"),
        new("admin", "/admin/apikeys", "Create key<", "Créer la clé<", "إنشاء المفتاح<"),
        new("admin", "/admin/identity-provider", "Identity provider of ", "Fournisseur d'identité de ", "مزوّد الهوية لـ "),
        new("operator", "/admin/federation", "Last checkpoint witnessed<", "Dernier point de contrôle attesté<", "آخر نقطة تحقق مشهود عليها<"),
        new("auditor", "/audit", "Latest checkpoint<", "Dernier point de contrôle<", "آخر نقطة تحقق<"),
    ];

    /// <summary>Detail pages, reached by the first link of a list page that matches.</summary>
    private static readonly (string User, string List, Regex Link, string English, string French, string Arabic)[] Details =
    [
        ("supervisor", "/operations/overview", OperationLink(), "Coverage per border segment<", "Couverture par tronçon de frontière<", "التغطية حسب مقطع الحدود<"),
        ("supervisor", "/operations/overview", EditLink(), "Status<", "Statut<", "الحالة<"),
        ("supervisor", "/operations/overview", PatrolLink(), "Patrols in this operation<", "Patrouilles de cette opération<", "الدوريات في هذه العملية<"),
        ("supervisor", "/operations/incidents", IncidentLink(), "Timeline<", "Chronologie<", "التسلسل الزمني<"),
        ("supervisor", "/travellers/flights", FlightLink(), "Nationality<", "Nationalité<", "الجنسية<"),
        ("supervisor", "/sharing/agreements", AgreementLink(), "History<", "Historique<", "السجل التاريخي<"),
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_operations_admin_sharing_audit_travellers_and_account_pages_speak_french_and_arabic_right_to_left(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        // A passenger list, so that the flight and traveller pages have something to show.
        var carrierFeed = await host.AsAsync("officer");
        var manifest = await carrierFeed.PostAsJsonAsync("/api/travellers/manifests", new
        {
            carrier = "LH", transport = "LH1000", list = "passengers", departure = "FRA", arrival = "AMS", departureTime = "2026-12-06T09:40:00",
            travellers = new[] { new { role = "passenger", surname = "Moreau", givenNames = "Claire", nationality = "FRA" } },
        }, TestContext.Current.CancellationToken);
        Assert.True(manifest.IsSuccessStatusCode, await manifest.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var sessions = new Dictionary<string, PageSession>();
        foreach (var user in Lists.Select(p => p.User).Concat(Details.Select(d => d.User)).Distinct())
        {
            sessions[user] = await PageSession.SignInAsync(host, user);
        }

        foreach (var (culture, direction) in new[] { ("fr", "ltr"), ("ar", "rtl") })
        {
            foreach (var session in sessions.Values)
            {
                var saved = await session.PostFormAsync(await session.GetStringAsync("/account"), "/account", [new("Culture", culture)]);
                Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            }
            var pages = new List<(string Path, string Html, Heading Heading)>();
            foreach (var page in Lists)
            {
                pages.Add((page.Path, await sessions[page.User].GetStringAsync(page.Path), page));
            }
            foreach (var detail in Details)
            {
                var list = await sessions[detail.User].GetStringAsync(detail.List);
                var link = detail.Link.Match(list);
                Assert.True(link.Success, $"{detail.List} in {culture} links no page matching {detail.Link}");
                var path = WebUtility.HtmlDecode(link.Groups[1].Value);
                pages.Add((path, await sessions[detail.User].GetStringAsync(path),
                    new Heading(detail.User, path, detail.English, detail.French, detail.Arabic)));
            }
            // A traveller, from the flight's list.
            var flight = pages.Single(p => p.Path.StartsWith("/travellers/flights/", StringComparison.Ordinal));
            var traveller = TravellerLink().Match(flight.Html);
            Assert.True(traveller.Success, $"{flight.Path} in {culture} links no traveller");
            pages.Add((traveller.Groups[1].Value, await sessions["supervisor"].GetStringAsync(traveller.Groups[1].Value),
                new Heading("supervisor", traveller.Groups[1].Value, "Crossings<", "Passages<", "عمليات العبور<")));

            foreach (var (path, encoded, heading) in pages)
            {
                var html = WebUtility.HtmlDecode(encoded);
                Assert.Contains($"<html lang=\"{culture}\" dir=\"{direction}\">", html, StringComparison.Ordinal);
                var expected = culture == "fr" ? heading.French : heading.Arabic;
                Assert.True(html.Contains(">" + expected, StringComparison.Ordinal), $"{path} in {culture}: no '{expected}'");
                Assert.False(html.Contains(">" + heading.English, StringComparison.Ordinal), $"{path} in {culture}: '{heading.English}' is still in English");
            }
        }
    }

    [GeneratedRegex("<a href=\"(/operations/[0-9a-f-]{36}/results)\"")]
    private static partial Regex OperationLink();

    [GeneratedRegex("<a href=\"(/operations/[0-9a-f-]{36}/edit)\"")]
    private static partial Regex EditLink();

    [GeneratedRegex("<a href=\"(/operations/[0-9a-f-]{36}/patrols/new)\"")]
    private static partial Regex PatrolLink();

    [GeneratedRegex("<a href=\"(/operations/incidents/[0-9a-f-]{36})\"")]
    private static partial Regex IncidentLink();

    [GeneratedRegex("<a href=\"(/travellers/flights/[0-9a-f-]{36})\"")]
    private static partial Regex FlightLink();

    [GeneratedRegex("<a href=\"(/travellers/[0-9a-f-]{36})\"")]
    private static partial Regex TravellerLink();

    [GeneratedRegex("<a href=\"(/sharing/agreements/[0-9a-f-]{36})\"")]
    private static partial Regex AgreementLink();
}
