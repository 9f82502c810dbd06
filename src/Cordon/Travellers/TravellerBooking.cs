using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Cordon.Travellers;

/// <summary>
/// What a passenger name record (PNRGOV) says about one traveller's booking beyond the list itself:
/// when it was made, who else is on it, the whole itinerary, how to reach them, how it was paid, who
/// sold it, and check-in. All of it is personal data (the shared view path "booking"). A card number
/// is never kept: only the SHA-256 of its digits.
/// </summary>
public sealed class TravellerBooking
{
    /// <summary>When the booking was made (RCI), as the carrier gives it (UTC unless agreed otherwise).</summary>
    public DateTime? Created { get; set; }
    /// <summary>The last change to the booking (DAT 700).</summary>
    public DateTime? LastChanged { get; set; }
    /// <summary>When the ticket was issued (DAT 710).</summary>
    public DateTime? TicketIssued { get; set; }
    /// <summary>The other travellers of the same booking, "SURNAME, GIVEN NAMES".</summary>
    public List<string> Companions { get; set; } = [];
    /// <summary>The booking references of bookings split from or into this one (EQN/RCI), and the reservation system's own reference.</summary>
    public List<string> RelatedBookings { get; set; } = [];
    public List<BookedFlight> Itinerary { get; set; } = [];
    public List<string> Phones { get; set; } = [];
    public List<string> Emails { get; set; } = [];
    /// <summary>The booking's or the traveller's address (ADD, SSR DOCA).</summary>
    public string? Address { get; set; }
    public List<BookingPayment> Payments { get; set; } = [];
    /// <summary>The travel agency or office that made the booking (ORG of the booking).</summary>
    public string? Agency { get; set; }
    /// <summary>Checked in for the flight of the list (the departure control group).</summary>
    public bool CheckedIn { get; set; }
    public DateTime? CheckedInAt { get; set; }
    /// <summary>Excess bags paid for (EBD).</summary>
    public int? ExcessBags { get; set; }
}

/// <summary>One flight of a booking's itinerary; a codeshare names the carrier that operates it.</summary>
public sealed class BookedFlight
{
    public string? Carrier { get; set; }
    public string? Flight { get; set; }
    public string? Departure { get; set; }
    public string? Arrival { get; set; }
    public DateTime? DepartureTime { get; set; }
    public DateTime? ArrivalTime { get; set; }
    public string? OperatingCarrier { get; set; }
    public string? OperatingFlight { get; set; }
}

/// <summary>One form of payment (FOP): its type (CC card, CA cash, CK cheque, MS miscellaneous, GR government …), the card's vendor and the hash of its number.</summary>
public sealed partial class BookingPayment
{
    public string? Type { get; set; }
    /// <summary>Card vendor code (VI, CA, AX …).</summary>
    public string? Vendor { get; set; }
    /// <summary>
    /// Lower-case hex: the SHA-256 of the card number's digits as read or sent, stored as the HMAC-SHA256 of that under the
    /// installation's <see cref="CardHashKey"/> (intake keys it).
    /// </summary>
    public string? CardHash { get; set; }

    /// <summary>The hash kept for a card number, or null when the number is masked or holds no digits worth hashing.</summary>
    public static string? HashCard(string? number)
    {
        if (number is null || number.Any(c => c is 'X' or 'x' or '*'))
        {
            return null; // a masked number hashes to the same value for many cards
        }
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 8 ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(digits)));
    }

    public static bool IsHash(string value) => Hex().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hex();
}
