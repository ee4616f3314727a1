using System.Security.Cryptography;

namespace ContextAdmin.JsonLines;

/// <summary>
/// What reading a whole export file found, before anything of it is written: its SHA-256 (which names the file's
/// content for a checkpoint), its header, the lines that hold no record where they stand, and what is wrong with the
/// file as a whole (a missing header or trailer, counts or a checksum that do not match, another account).
/// </summary>
public sealed record ExportFileCheck(
    string Sha256,
    HeaderLine? Header,
    IReadOnlyDictionary<long, string> DamagedLines,
    IReadOnlyList<string> FileProblems,
    string? OtherAccount)
{
    /// <summary>Problems shown when a file is refused: the first lines, then how many more.</summary>
    private const int ShownProblems = 10;

    public bool IsIntact => DamagedLines.Count == 0 && FileProblems.Count == 0;

    /// <summary>Reads the file through once.</summary>
    /// <exception cref="InvalidDataException">A line is too long to be read at all.</exception>
    public static async Task<ExportFileCheck> ReadAsync(string path, string account, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var beforeTrailer = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = new JsonLinesFileReader(path, 0);
        var damaged = new Dictionary<long, string>();
        var problems = new List<string>();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        HeaderLine? header = null;
        TrailerLine? trailer = null;
        long lineNumber = 0, namespaceLines = 0, sessionLines = 0, ttlLines = 0, records = 0;
        var lastTerminated = true;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } read)
        {
            lineNumber++;
            lastTerminated = read.Terminated;
            whole.AppendData(read.Line.Span);
            if (read.Terminated)
            {
                whole.AppendData("\n"u8);
            }

            JsonLinesRecord? record;
            try
            {
                record = JsonLinesFormat.Read(read.Line);
            }
            catch (InvalidDataException e)
            {
                record = null;
                damaged[lineNumber] = e.Message;
            }

            if (trailer is not null)
            {
                damaged.TryAdd(lineNumber, "a line after the trailer");
            }
            else if (lineNumber == 1 && record is not HeaderLine)
            {
                problems.Add("it has no header line: it is not an export of this tool (format version 2), or its start is missing");
            }

            switch (record)
            {
                case HeaderLine h when lineNumber == 1:
                    header = h;
                    break;
                case HeaderLine:
                    damaged[lineNumber] = "a second header";
                    break;
                case TrailerLine t when trailer is null:
                    trailer = t;
                    if (Convert.ToHexStringLower(beforeTrailer.GetCurrentHash()) != t.Sha256)
                    {
                        problems.Add($"its content does not match the checksum of its trailer (line {lineNumber}): it was changed or corrupted");
                    }

                    if ((t.Namespaces, t.Sessions, t.SessionTtls, t.Records) != (namespaceLines, sessionLines, ttlLines, records))
                    {
                        problems.Add($"its trailer counts {t.Namespaces} namespaces, {t.Sessions} sessions, {t.SessionTtls} session TTLs and {t.Records} records, "
                            + $"the file holds {namespaceLines}, {sessionLines}, {ttlLines} and {records}");
                    }

                    break;
                case NamespaceLine ns:
                    namespaces.Add(ns.Name);
                    namespaceLines++;
                    records++;
                    break;
                case SessionTtlLine ttl:
                    ttlLines++;
                    records++;
                    OrderCheck(ttl.Namespace);
                    break;
                case SessionLine session:
                    sessionLines++;
                    records++;
                    OrderCheck(session.Namespace);
                    break;
            }

            if (trailer is null || record is not TrailerLine)
            {
                beforeTrailer.AppendData(read.Line.Span);
                if (read.Terminated)
                {
                    beforeTrailer.AppendData("\n"u8);
                }
            }
        }

        if (lineNumber == 0)
        {
            problems.Add("it is empty");
        }
        else if (!lastTerminated)
        {
            problems.Add($"it was cut: its last line ({lineNumber}) has no line break");
        }

        if (trailer is null && lineNumber > 0)
        {
            problems.Add("it ends without its trailer line: it was cut, or is not an export of this tool (format version 2)");
        }

        if (header is { Version: not HeaderLine.CurrentVersion })
        {
            problems.Add($"its header says format version {header.Version}; this tool reads version {HeaderLine.CurrentVersion}");
        }

        var otherAccount = header is not null && !string.Equals(header.Account, account, StringComparison.OrdinalIgnoreCase) ? header.Account : null;
        return new ExportFileCheck(Convert.ToHexStringLower(whole.GetHashAndReset()), header, damaged, problems, otherAccount);

        void OrderCheck(string ns)
        {
            if (!namespaces.Contains(ns))
            {
                damaged.TryAdd(lineNumber, $"a record of namespace {ns} before the namespace's own line");
            }
        }
    }

    /// <summary>What is wrong, for a message: the file's problems, then its damaged lines (the first few, and how many more).</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var problem in FileProblems)
        {
            yield return problem;
        }

        foreach (var (line, problem) in DamagedLines.OrderBy(d => d.Key).Take(ShownProblems))
        {
            yield return $"line {line}: {problem}";
        }

        if (DamagedLines.Count > ShownProblems)
        {
            yield return $"and {DamagedLines.Count - ShownProblems} more damaged lines";
        }
    }
}
