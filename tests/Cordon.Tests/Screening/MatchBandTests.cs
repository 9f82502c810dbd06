using Cordon.Screening.Lists;
using Cordon.Screening.Matching;

namespace Cordon.Tests.Screening;

/// <summary>Which thresholds a hit is held to: its entity type's, unless its list sets its own.</summary>
public sealed class MatchBandTests
{
    private static IndexedEntity Listed(string name, EntityType type, double block = MatchBands.DefaultBlock, double review = MatchBands.DefaultReview,
        ListIdentifier[]? identifiers = null)
    {
        var entry = new ListEntry { SourceId = name, Type = type, Name = name };
        entry.Identifiers.AddRange(identifiers ?? []);
        return new IndexedEntity(Guid.NewGuid(), "TEST", 1, block, review, entry);
    }

    [Fact]
    public void A_list_left_at_the_defaults_holds_each_entity_type_to_its_own_thresholds()
    {
        foreach (var type in Enum.GetValues<EntityType>())
        {
            Assert.Same(MatchBands.ByEntityType[type], MatchBands.For(Listed("X", type)));
        }
        // The shipped table differs by type, so the same score can mean different bands.
        var person = MatchBands.For(Listed("X", EntityType.Person));
        var vessel = MatchBands.For(Listed("X", EntityType.Vessel));
        Assert.NotEqual(person.Review, vessel.Review);
        var between = (person.Review + vessel.Review) / 2;
        Assert.Equal(person.Review < vessel.Review ? MatchBand.Review : MatchBand.None, person.Of(between));
        Assert.Equal(person.Review < vessel.Review ? MatchBand.None : MatchBand.Review, vessel.Of(between));
    }

    [Fact]
    public void A_list_that_sets_its_own_thresholds_holds_every_entity_type_to_them()
    {
        foreach (var type in Enum.GetValues<EntityType>())
        {
            var bands = MatchBands.For(Listed("X", type, block: 0.97, review: 0.85));

            Assert.Equal((0.85, 0.97), (bands.Review, bands.Block));
            Assert.Equal(MatchBand.None, bands.Of(0.84));
            Assert.Equal(MatchBand.Review, bands.Of(0.90));
            Assert.Equal(MatchBand.Block, bands.Of(0.97));
            Assert.Contains("set on the list", bands.Describe(type), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_hits_explanation_names_the_band_it_was_judged_against()
    {
        var vessel = Listed("NORTHERN STAR", EntityType.Vessel);
        var person = Listed("KAREL VANDENHOEK", EntityType.Person, block: 0.97, review: 0.85);
        var index = ScreeningIndex.Build([vessel, person]);

        var vesselHit = Assert.Single(index.Search(new ScreeningQuery("Northern Star", Type: EntityType.Vessel)), h => h.EntityId == vessel.EntityId);
        var personHit = Assert.Single(index.Search(new ScreeningQuery("Karel Vandenhoek")), h => h.EntityId == person.EntityId);

        var vesselBands = MatchBands.ByEntityType[EntityType.Vessel];
        Assert.Equal($"judged against the vessel bands: review from {vesselBands.Review:0.00}, block from {vesselBands.Block:0.00} ({vesselBands.Source})",
            Assert.Single(vesselHit.Explanation, f => f.Feature == "band").Detail);
        Assert.Equal(vesselBands.Of(vesselHit.Score), vesselHit.Band);
        Assert.Equal("judged against the person bands: review from 0.85, block from 0.97 (set on the list)",
            Assert.Single(personHit.Explanation, f => f.Feature == "band").Detail);
        Assert.Equal(MatchBand.Block, personHit.Band);
    }

    [Fact]
    public void An_identifier_hit_names_its_band_too()
    {
        var vessel = Listed("SEA BREEZE", EntityType.Vessel, identifiers: [new ListIdentifier("IMO", "9123456")]);
        var index = ScreeningIndex.Build([vessel]);

        var hit = Assert.Single(index.SearchIdentifier(new ListIdentifier("IMO", "9123456")));

        Assert.Equal(MatchBand.Block, hit.Band);
        Assert.Contains("vessel bands", Assert.Single(hit.Explanation, f => f.Feature == "band").Detail, StringComparison.Ordinal);
    }
}
