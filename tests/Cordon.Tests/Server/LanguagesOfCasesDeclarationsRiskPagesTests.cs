using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>
/// The pages of cases, declarations, consignments, risk, screening, alerts, reference data and jobs in French and Arabic:
/// rendered on the demo data in each language, and read at the source for text written outside the resources.
/// </summary>
public sealed partial class LanguagesOfCasesDeclarationsRiskPagesTests
{
    /// <summary>A page, who opens it, and its heading in English, French and Arabic.</summary>
    private sealed record Page(string User, string Path, string English, string French, string Arabic);

    private static readonly Page[] Pages =
    [
        new("officer", "/cases", "Cases", "Dossiers", "القضايا"),
        new("officer", "/cases/seizures", "Seizures", "Saisies", "المضبوطات"),
        new("officer", "/cases/seizures/new", "Record a seizure", "Enregistrer une saisie", "تسجيل ضبط"),
        new("officer", "/cases/deadlines", "Deadlines", "Échéances", "المواعيد النهائية"),
        new("officer", "/cases/statistics", "Seizure statistics", "Statistiques des saisies", "إحصاءات الضبط"),
        new("officer", "/declarations", "Declarations", "Déclarations", "البيانات الجمركية"),
        new("officer", "/declarations/import", "Import a file", "Importer un fichier", "استيراد ملف"),
        new("officer", "/declarations/quarantine", "Quarantine", "Quarantaine", "الحجر"),
        new("officer", "/consignments", "Pre-arrival consignments", "Envois avant arrivée", "الشحنات قبل الوصول"),
        new("officer", "/alerts", "Alerts", "Alertes", "التنبيهات"),
        new("officer", "/alerts/subscriptions", "Alert subscriptions", "Abonnements aux alertes", "الاشتراكات في التنبيهات"),
        new("officer", "/jobs", "Background jobs", "Tâches de fond", "المهام الخلفية"),
        new("officer", "/reference/codes", "Countries, currencies and ports", "Pays, monnaies et ports", "البلدان والعملات والموانئ"),
        new("officer", "/reference/hs", "HS 2022 nomenclature", "Nomenclature SH 2022", "تصنيف النظام المنسق 2022"),
        new("analyst", "/risk/criteria/edit", "New risk criterion", "Nouveau critère de risque", "معيار مخاطر جديد"),
        new("analyst", "/risk/models", "Risk models", "Modèles de risque", "نماذج المخاطر"),
        new("analyst", "/risk/lanes", "Selectivity lanes", "Circuits de sélectivité", "مسارات الانتقائية"),
        new("analyst", "/risk/measures", "Measures", "Mesures", "التدابير"),
        new("analyst", "/risk/measures/new", "New measure", "Nouvelle mesure", "تدبير جديد"),
        new("analyst", "/screening/hits", "Screening hits", "Correspondances de criblage", "نتائج المطابقة"),
        new("analyst", "/screening/lists", "Watch lists", "Listes de surveillance", "قوائم المراقبة"),
        new("analyst", "/screening/search", "Screen a name", "Cribler un nom", "فحص اسم"),
        new("analyst", "/alerts/conditions", "Alert conditions", "Conditions d'alerte", "شروط التنبيه"),
    ];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Cases_declarations_risk_screening_alerts_reference_and_jobs_pages_read_in_french_and_in_arabic_right_to_left(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        foreach (var user in Pages.Select(p => p.User).Distinct())
        {
            var session = await PageSession.SignInAsync(host, user);
            var pages = Pages.Where(p => p.User == user).ToList();
            // A record page of each kind, found as a person finds it: through the list.
            if (user == "officer")
            {
                var seizure = RecordLink("/cases/seizures/", await session.GetStringAsync("/cases/seizures"));
                pages.Add(new(user, seizure.Path, $"Seizure {seizure.Reference}", $"Saisie {seizure.Reference}", $"الضبط {seizure.Reference}"));
                var caseFile = RecordLink("/cases/", await session.GetStringAsync("/cases"));
                pages.Add(new(user, caseFile.Path, "Inspections", "Contrôles", "المعاينات"));
                var consignment = RecordLink("/consignments/", await session.GetStringAsync("/consignments"));
                pages.Add(new(user, consignment.Path, "Consignment", "Envoi", "الشحنة"));
            }
            else
            {
                var criterion = CriterionLink().Match(await session.GetStringAsync("/risk/criteria"));
                Assert.True(criterion.Success, "the criteria page links no criterion");
                var id = criterion.Groups[1].Value;
                pages.Add(new(user, $"/risk/criteria/{id}/backtest", "Backtest", "Test rétrospectif", "الاختبار الرجعي"));
                pages.Add(new(user, $"/risk/criteria/{id}/effectiveness", "Effectiveness", "Efficacité", "الفعالية"));
                var measure = RecordLink("/risk/measures/", await session.GetStringAsync("/risk/measures"));
                pages.Add(new(user, measure.Path, "Evaluation", "Évaluation", "التقييم"));
            }

            foreach (var (culture, direction) in new[] { ("fr", "ltr"), ("ar", "rtl") })
            {
                await session.ChooseLanguageAsync(culture);
                foreach (var page in pages)
                {
                    var html = await session.GetStringAsync(page.Path);
                    Assert.Contains($"<html lang=\"{culture}\" dir=\"{direction}\">", html, StringComparison.Ordinal);
                    var heading = Heading(html, page.Path);
                    var expected = culture == "fr" ? page.French : page.Arabic;
                    Assert.True(heading.Contains(expected, StringComparison.Ordinal) || html.Contains($"<h2>{expected}</h2>", StringComparison.Ordinal),
                        $"{culture} {page.Path}: expected “{expected}”, the heading reads “{heading}”");
                    Assert.DoesNotContain($"<h1>{page.English}</h1>", html, StringComparison.Ordinal);
                    Assert.DoesNotContain($"<h2>{page.English}</h2>", html, StringComparison.Ordinal);
                    Assert.False(heading.StartsWith(page.English, StringComparison.Ordinal), $"{culture} {page.Path}: the heading is still English: “{heading}”");
                }
            }
        }
    }

    private static (string Path, string Reference) RecordLink(string prefix, string html)
    {
        var m = Regex.Match(html, $"<a href=\"({Regex.Escape(prefix)}[0-9a-f-]{{36}})\">(?:<code>)?([^<]+)");
        Assert.True(m.Success, $"no link to {prefix}…");
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static string Heading(string html, string path)
    {
        var m = H1().Match(html);
        Assert.True(m.Success, $"{path} has no heading");
        return System.Net.WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, "")).Trim();
    }

    [GeneratedRegex("<h1>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex H1();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<a href=\"/risk/criteria/edit/([0-9a-f-]{36})\"")]
    private static partial Regex CriterionLink();
}
