using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Cordon.Storage;
using Microsoft.Extensions.Configuration;
using NSec.Cryptography;

namespace Cordon.Audit;

/// <summary>
/// A public key that checks signed notes: the C2SP signed-note verifier key "name+keyid+base64(0x01 ‖ key)".
/// </summary>
public sealed class NoteVerifier
{
    public string Name { get; }
    public uint KeyId { get; }
    public byte[] PublicKey { get; }
    private readonly PublicKey _key;

    public NoteVerifier(string name, byte[] publicKey)
    {
        Name = name;
        PublicKey = publicKey;
        KeyId = AuditSigner.KeyIdOf(name, publicKey);
        _key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
    }

    public string KeyIdHex => KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The verifier key string, as used by C2SP tooling (e.g. Go's golang.org/x/mod/sumdb/note).</summary>
    public override string ToString() => $"{Name}+{KeyIdHex}+{Convert.ToBase64String([0x01, .. PublicKey])}";

    public static NoteVerifier Parse(string text)
    {
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("A verifier key is 'name+keyid+base64key'.");
        }
        var key = Convert.FromBase64String(parts[2]);
        if (key.Length != 33 || key[0] != 0x01)
        {
            throw new FormatException("Only Ed25519 verifier keys (type 0x01) are supported.");
        }
        var verifier = new NoteVerifier(parts[0], key[1..]);
        if (verifier.KeyIdHex != parts[1].ToLowerInvariant())
        {
            throw new FormatException($"The verifier key's id {parts[1]} does not match its name and key.");
        }
        return verifier;
    }

    /// <summary>The note's text (everything before the blank line) when one of its signatures is ours and valid; null otherwise.</summary>
    public string? Open(string note)
    {
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n'))
        {
            return null;
        }
        var text = note[..(split + 1)];
        var message = Encoding.UTF8.GetBytes(text);
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length != 3 || fields[0] != "\u2014" || fields[1] != Name)
            {
                continue;
            }
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(fields[2]);
            }
            catch (FormatException)
            {
                continue;
            }
            if (blob.Length == 4 + 64 && BinaryPrimitives.ReadUInt32BigEndian(blob) == KeyId
                && SignatureAlgorithm.Ed25519.Verify(_key, message, blob.AsSpan(4)))
            {
                return text;
            }
        }
        return null;
    }
}

/// <summary>
/// The log's Ed25519 signing key (NSec over libsodium). It lives in a file in the data directory, not in
/// the database: whoever can rewrite the database must not also be able to re-sign a rewritten history.
/// Server nodes that share one PostgreSQL share the file (Cordon:Audit:KeyFile); it is created on first use.
/// The file holds the key in the C2SP/Go note signer format: "PRIVATE+KEY+name+keyid+base64(0x01 ‖ seed)".
/// </summary>
public sealed class AuditSigner
{
    public const string DefaultOrigin = "cordon.local/audit";

    public string Origin { get; }
    public string KeyFile { get; }
    public NoteVerifier Verifier { get; }
    private readonly Key _key;

    private AuditSigner(string origin, string keyFile, Key key)
    {
        Origin = origin;
        KeyFile = keyFile;
        _key = key;
        Verifier = new NoteVerifier(origin, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public static string KeyFileOf(IConfiguration configuration)
    {
        if (configuration["Cordon:Audit:KeyFile"] is { Length: > 0 } file)
        {
            return Path.GetFullPath(file);
        }
        var directory = configuration["Cordon:DataDirectory"] is { Length: > 0 } d ? Path.GetFullPath(d) : StorageSetup.DefaultDataDirectory;
        return Path.Combine(directory, "audit-signing.key");
    }

    public static string OriginOf(IConfiguration configuration)
        => configuration["Cordon:Audit:Origin"] is { Length: > 0 } o ? o : DefaultOrigin;

    public static AuditSigner Load(IConfiguration configuration) => LoadOrCreate(KeyFileOf(configuration), OriginOf(configuration));

    /// <summary>Reads the key file, or creates it (readable by the owner only) when it does not exist yet.</summary>
    public static AuditSigner LoadOrCreate(string keyFile, string origin)
    {
        if (origin.Contains('+') || origin.Any(char.IsWhiteSpace) || origin.Length == 0)
        {
            throw new InvalidOperationException($"Cordon:Audit:Origin '{origin}' must be non-empty, without spaces or '+'.");
        }
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            var seed = RandomNumberGenerator.GetBytes(32);
            using var created = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            var pub = created.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            var text = $"PRIVATE+KEY+{origin}+{KeyIdOf(origin, pub):x8}+{Convert.ToBase64String([0x01, .. seed])}\n";
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var stream = new FileStream(keyFile, options);
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // Another process created it first: use theirs.
            }
        }
        var parts = File.ReadAllText(keyFile).Trim().Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY")
        {
            throw new InvalidOperationException($"{keyFile} is not a signed-note private key (PRIVATE+KEY+name+id+key).");
        }
        var blob = Convert.FromBase64String(parts[4]);
        if (blob.Length != 33 || blob[0] != 0x01)
        {
            throw new InvalidOperationException($"{keyFile} does not hold an Ed25519 key.");
        }
        if (parts[2] != origin)
        {
            throw new InvalidOperationException($"{keyFile} is the key of log '{parts[2]}', but Cordon:Audit:Origin is '{origin}'.");
        }
        var key = Key.Import(SignatureAlgorithm.Ed25519, blob.AsSpan(1), KeyBlobFormat.RawPrivateKey);
        return new AuditSigner(origin, keyFile, key);
    }

    /// <summary>C2SP signed-note key id: the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).</summary>
    public static uint KeyIdOf(string name, byte[] publicKey)
    {
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(name), (byte)'\n', 0x01, .. publicKey]);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    /// <summary>Signs a note text (which ends with a newline) and returns the whole signed note.</summary>
    public string Sign(string text)
    {
        if (!text.EndsWith('\n') || text.Contains("\n\n", StringComparison.Ordinal))
        {
            throw new ArgumentException("A note text ends with a newline and has no blank lines.", nameof(text));
        }
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text));
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, Verifier.KeyId);
        signature.CopyTo(blob, 4);
        return $"{text}\n\u2014 {Origin} {Convert.ToBase64String(blob)}\n";
    }

    /// <summary>The C2SP tlog-checkpoint body: origin, tree size, base64 root hash.</summary>
    public static string CheckpointText(string origin, long size, byte[] root) => $"{origin}\n{size}\n{Convert.ToBase64String(root)}\n";
}
