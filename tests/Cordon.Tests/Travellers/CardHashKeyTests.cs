using Cordon.Identity;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Travellers;

/// <summary>
/// Card hashes keyed per installation: two installations store different values for one card (a hash cannot be reversed
/// by hashing every card number without the key), one installation the same value on every booking, and the key comes
/// from configuration or a key file made once, readable by its owner only.
/// </summary>
public sealed class CardHashKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ManifestInput Booked(string transport, DateTime departure, string surname, string card)
    {
        var list = TravellerSamples.Flight(transport, departure, TravellerSamples.Person(surname, "ANNA", "NLD", new DateOnly(1980, 3, 1), $"X{transport}", "NLD"));
        list.List = ManifestLists.Bookings;
        list.Travellers[0].Booking = new TravellerBooking { Payments = [new BookingPayment { Type = "CC", Vendor = "VI", CardHash = BookingPayment.HashCard(card) }] };
        return list;
    }

    private static async Task<List<string?>> StoredCardsAsync(TestStore store, CardHashKey key, params ManifestInput[] lists)
    {
        await using var db = store.Open();
        var nbp = (await store.ActorAsync("bp.officer")).AgencyId!.Value;
        foreach (var list in lists)
        {
            Assert.Equal(ManifestOutcome.Accepted, (await ManifestIntake.StoreAsync(db, new ManifestContext(nbp, Actor.LocalOperator, "test", key), list, TestClock.Real, Ct)).Outcome);
        }
        var transports = lists.Select(l => l.Transport).ToList();
        return (await db.Travellers.AsNoTracking().Where(t => transports.Contains(t.Transport)).OrderBy(t => t.Transport).ToListAsync(Ct))
            .Select(t => t.Booking!.Payments.Single().CardHash).ToList();
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Two_installations_store_different_hashes_for_one_card_and_one_installation_the_same_on_every_booking(string store)
    {
        const string card = "4111 1111 1111 1111", other = "5500 0000 0000 0004";
        var departure = new DateTime(2026, 11, 3, 9, 40, 0);
        await using var first = await DemoActors.SeededStoreAsync(store);
        await using var second = await DemoActors.SeededStoreAsync(store);
        var (keyA, keyB) = (CardHashKey.Random(), CardHashKey.Random());

        var a = await StoredCardsAsync(first, keyA, Booked("KL101", departure, "DE VRIES", card), Booked("KL102", departure.AddDays(3), "JANSEN", card),
            Booked("KL103", departure, "OKAFOR", other));
        var b = await StoredCardsAsync(second, keyB, Booked("KL101", departure, "DE VRIES", card));

        // One installation: the same card on two bookings is the same value (a "same card" rule still matches), another card is not.
        Assert.Equal(a[0], a[1]);
        Assert.NotEqual(a[0], a[2]);
        Assert.Equal(keyA.Key(BookingPayment.HashCard(card)!), a[0]);
        // Another installation: another value, and neither is the plain SHA-256 anyone can compute from a card number.
        Assert.NotEqual(a[0], b[0]);
        Assert.DoesNotContain(BookingPayment.HashCard(card), a.Concat(b));
        Assert.All(a.Concat(b), h => Assert.True(BookingPayment.IsHash(h!)));

        // The version table keeps what was stored, keyed too.
        await using var db = first.Open();
        var contents = await db.PassengerManifestVersions.AsNoTracking().Select(v => v.Content).ToListAsync(Ct);
        Assert.DoesNotContain(contents, c => c.Contains(BookingPayment.HashCard(card)!, StringComparison.Ordinal));
        Assert.Contains(contents, c => c.Contains(a[0]!, StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_comes_from_configuration_or_a_key_file_made_once_and_readable_by_its_owner_only()
    {
        var directory = Directory.CreateTempSubdirectory("cordon-card-key-").FullName;
        try
        {
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cordon:DataDirectory"] = directory }).Build();
            var hash = BookingPayment.HashCard("4111 1111 1111 1111")!;
            Assert.Throws<InvalidOperationException>(() => CardHashKey.Load(settings, create: false));
            var made = CardHashKey.Load(settings);
            var file = Path.Combine(directory, "card-hash.key");
            Assert.True(File.Exists(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            // Loaded again (a restart, the CLI): the same key, so cards keep matching.
            Assert.Equal(made.Key(hash), CardHashKey.Load(settings, create: false).Key(hash));

            var configured = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
            var fromSetting = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cordon:DataDirectory"] = directory, [CardHashKey.KeySetting] = configured,
            }).Build();
            Assert.Equal(new CardHashKey(Convert.FromBase64String(configured)).Key(hash), CardHashKey.Load(fromSetting).Key(hash));
            Assert.NotEqual(made.Key(hash), CardHashKey.Load(fromSetting).Key(hash));

            var wrong = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [CardHashKey.KeySetting] = "c2hvcnQ=" }).Build();
            Assert.Contains("32 bytes", Assert.Throws<InvalidOperationException>(() => CardHashKey.Load(wrong)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
