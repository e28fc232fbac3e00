using System.Security.Cryptography;
using Cellular.Core.Security;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Three Notes cell processes (<c>c1</c>, <c>c2</c>, <c>c3</c>) shared by the tests of the
/// <see cref="NotesCellsCollection"/>; each test uses tenants of its own, so the cells' data never clash.
/// </summary>
public sealed class NotesCells : IAsyncLifetime
{
    private readonly TempDirectory _root = new("notes-cells");

    /// <summary>The master key the cells' secrets derive from; a control plane that talks to them uses it (<c>Cellular:ControlPlane:Auth:MasterKeyFile</c>).</summary>
    public string MasterKeyFile => _root.Combine("master.key");

    public NotesCell C1 { get; private set; } = null!;

    public NotesCell C2 { get; private set; } = null!;

    public NotesCell C3 { get; private set; } = null!;

    public NotesCell this[string id] => id switch
    {
        "c1" => C1,
        "c2" => C2,
        "c3" => C3,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "No such Notes cell."),
    };

    public async Task InitializeAsync()
    {
        File.WriteAllText(MasterKeyFile, CellSecrets.Encode(RandomNumberGenerator.GetBytes(CellSecrets.KeySize)));
        var cells = await Task.WhenAll(new[] { "c1", "c2", "c3" }.Select(id =>
        {
            Directory.CreateDirectory(_root.Combine(id));
            return NotesCell.StartAsync(id, _root.Combine(id), MasterKeyFile);
        }));
        (C1, C2, C3) = (cells[0], cells[1], cells[2]);
    }

    public async Task DisposeAsync()
    {
        foreach (var cell in new[] { C1, C2, C3 }.Where(c => c is not null))
        {
            await cell.DisposeAsync();
        }

        _root.Dispose();
    }
}

/// <summary>Tests that share the <see cref="NotesCells"/> processes; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class NotesCellsCollection : ICollectionFixture<NotesCells>
{
    public const string Name = "Notes cells";
}
