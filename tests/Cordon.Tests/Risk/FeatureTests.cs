using Cordon.Risk;
using Cordon.Risk.Features;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

public sealed class FeatureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RiskRow Row(int day, string importer, string hs, double cif, double quantity, KnownOutcome? outcome, string origin = "CN")
    {
        var facts = new DeclarationFacts
        {
            Office = "NL000396",
            Number = $"D{day}-{importer}-{cif}",
            Importer = new PartyFacts { Role = "importer", Id = importer },
            Declarant = new PartyFacts { Role = "declarant", Id = "BROKER1" },
            Origin = origin,
            PortOfEntry = "NLRTM",
            LodgementDate = new DateOnly(2025, 1, 1).AddDays(day),
            TotalCif = cif,
            GrossWeight = quantity * 2,
            Items = [new ItemFacts { Number = 1, HsCode = hs, Origin = origin, Quantity = quantity, Cif = cif, NetWeight = quantity * 1.5 }],
        };
        return new RiskRow(Guid.NewGuid(), Guid.Empty, facts, outcome);
    }

    [Fact]
    public void Trader_history_counts_only_what_came_before_the_lodgement_day()
    {
        var rows = new List<RiskRow>
        {
            Row(0, "IMP1", "851713", 1000, 10, new KnownOutcome(true, 300)),
            Row(0, "IMP1", "851713", 1000, 10, new KnownOutcome(false, 0)),
            Row(1, "IMP1", "851713", 1000, 10, null),
            Row(1, "IMP2", "851713", 1000, 10, null),
        };
        var seen = new List<DeclarationFacts>();
        new FeatureHistory().Run(rows, r => seen.Add(r.Facts));
        // Same day: the other declaration of day 0 is not history yet.
        Assert.Equal(0, seen[1].Features.Get("trader_declarations"));
        Assert.Equal(1, seen[1].Features.Get("new_trader"));
        Assert.Equal(2, seen[2].Features.Get("trader_declarations"));
        Assert.Equal(2, seen[2].Features.Get("trader_inspections"));
        Assert.Equal(0.5, seen[2].Features.Get("trader_hit_rate"));
        Assert.Equal(300, seen[2].Features.Get("trader_revenue_raised"));
        Assert.Equal(0, seen[2].Features.Get("new_trader"));
        Assert.Equal(1, seen[3].Features.Get("new_trader"));
        Assert.Equal(0.5, seen[3].Features.Get("route_risk"));
        Assert.Equal(0.5, seen[3].Items[0].Features.Get("hs6_hit_rate"));
    }

    [Fact]
    public void Unit_value_is_placed_in_the_distribution_of_earlier_declarations()
    {
        var rows = Enumerable.Range(0, 200).Select(i => Row(i / 10, $"IMP{i % 7}", "851713", 100 + i % 50, 1, null)).ToList();
        rows.Add(Row(30, "IMPX", "851713", 40, 1, null));
        rows.Add(Row(30, "IMPY", "851713", 125, 1, null));
        var seen = new List<DeclarationFacts>();
        var history = new FeatureHistory();
        history.Run(rows, r => seen.Add(r.Facts));
        var cheap = seen[^2].Items[0].Features;
        var typical = seen[^1].Items[0].Features;
        Assert.InRange(cheap.Get("unit_value_percentile"), 0, 1);
        Assert.InRange(cheap.Get("unit_value_ratio"), 0.25, 0.4);
        Assert.InRange(typical.Get("unit_value_percentile"), 40, 60);
        Assert.InRange(history.UnitValue(UnitValueStatistic.P50, "851713", "CN"), 120, 130);
        Assert.InRange(history.UnitValue(UnitValueStatistic.P10, "851713", null), 100, 112);
        Assert.Equal(1 / 1.5, seen[0].Items[0].Features.Get("quantity_weight_ratio"), 6);
    }

    [Fact]
    public void An_outcome_changed_later_never_changes_an_earlier_declarations_features()
    {
        var rows = Enumerable.Range(0, 60).Select(i => Row(i, "IMP1", "851713", 1000 + i, 10, new KnownOutcome(i % 5 == 0, i % 5 == 0 ? 100 : 0))).ToList();
        string[] Features(List<RiskRow> input)
        {
            var result = new List<string>();
            new FeatureHistory().Run(input, r => result.Add(RiskTestData.Describe(r.Facts)));
            return result.ToArray();
        }
        var before = Features(rows);
        var changed = rows.ToList();
        changed[40] = changed[40] with { Outcome = new KnownOutcome(true, 99_999) };
        var after = Features(changed);
        Assert.Equal(before[..41], after[..41]);
        Assert.NotEqual(before[41..], after[41..]);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Stored_outcomes_of_later_declarations_do_not_leak_into_earlier_features(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await RiskTestData.ImportAsync(s, 1500);
        var before = await RiskTestData.FeaturesAsync(s);
        DateOnly cut;
        await using (var db = s.Open())
        {
            var days = await db.Declarations.Select(d => d.LodgedOn).Distinct().OrderBy(d => d).ToListAsync(Ct);
            cut = days[days.Count / 2];
            // Rewrite history from the cut on: every later outcome becomes an irregularity with revenue.
            var later = await db.InspectionOutcomes.Where(o => db.Declarations.Any(d => d.Id == o.DeclarationId && d.LodgedOn >= cut)).ToListAsync(Ct);
            Assert.NotEmpty(later);
            foreach (var o in later)
            {
                o.Illicit = !o.Illicit;
                o.Revenue = 12_345;
            }
            await db.SaveChangesAsync(Ct);
        }
        var after = await RiskTestData.FeaturesAsync(s);
        await using (var db = s.Open())
        {
            var lodged = await db.Declarations.ToDictionaryAsync(d => d.Id, d => d.LodgedOn, Ct);
            var earlier = lodged.Where(l => l.Value <= cut).Select(l => l.Key).ToList();
            Assert.NotEmpty(earlier);
            Assert.All(earlier, id => Assert.Equal(before[id], after[id]));
            // The test would notice a change: declarations after the cut do see the rewritten outcomes.
            Assert.Contains(lodged.Where(l => l.Value > cut.AddDays(1)), l => before[l.Key] != after[l.Key]);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Stored_declaration_maps_to_facts(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await RiskTestData.ImportAsync(s, 200);
        await using var db = s.Open();
        var d = await db.Declarations.Include(x => x.Items).OrderBy(x => x.LodgedOn).FirstAsync(x => x.ItemCount > 1, Ct);
        var facts = DeclarationMapper.ToFacts(d, new HashSet<string> { d.ImporterCode! });
        Assert.Equal(d.Office, facts.Office);
        Assert.Equal("import", facts.Flow);
        Assert.Equal(d.OriginCountry, facts.Origin);
        Assert.Equal(d.LodgedOn, facts.LodgementDate);
        Assert.Equal(d.ItemCount, facts.Items.Count);
        Assert.Equal(d.Items.OrderBy(i => i.Line).First().HsCode[..6], facts.Items[0].Hs6);
        Assert.True(facts.Importer!.Aeo);
        Assert.False(facts.Declarant!.Aeo);
        Assert.Equal((double)d.Items.Sum(i => i.Cif ?? 0), facts.Items.Sum(i => i.Cif), 2);
        Assert.True(facts.Items[0].UnitValue > 0);
    }
}
