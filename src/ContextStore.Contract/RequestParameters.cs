namespace ContextStore.Contract;

/// <summary>Parses the query parameters of the contract exactly as its table says.</summary>
public static class RequestParameters
{
    /// <summary><c>ttlSecond</c>: an integer 0 … 2,147,483,647; 0 means no TTL.</summary>
    public static int ParseTtlSecond(string? value)
    {
        if (!TryParseDigits(value, out var ttl))
        {
            throw new InvalidRequestException(
                $"Invalid ttlSecond '{value}': use an integer from 0 to {int.MaxValue} (0 means no TTL).");
        }

        return ttl;
    }

    public static PageRequest ParsePage(string? page, string? perPage)
    {
        var number = 0;
        if (page is not null && !TryParseDigits(page, out number))
        {
            // A page past int.MaxValue is as empty as int.MaxValue itself: there is no maximum to refuse it by.
            number = !string.IsNullOrEmpty(page) && page.All(char.IsAsciiDigit)
                ? int.MaxValue
                : throw new InvalidRequestException($"Invalid page '{page}': use an integer of 0 or more.");
        }

        var size = ContextLimits.DefaultPerPage;
        if (perPage is not null && (!TryParseDigits(perPage, out size)
            || size < 1 || size > ContextLimits.MaxPerPage))
        {
            throw new InvalidRequestException(
                $"Invalid perPage '{perPage}': use an integer from 1 to {ContextLimits.MaxPerPage}.");
        }

        return new PageRequest(number, size);
    }

    /// <summary>Decimal digits only (no sign, spaces, decimals or exponents), leading zeros allowed, within an int.</summary>
    private static bool TryParseDigits(string? value, out int result)
    {
        result = 0;
        if (string.IsNullOrEmpty(value) || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var significant = value.AsSpan().TrimStart('0');
        return significant.Length <= 10 && (significant.IsEmpty || int.TryParse(significant, out result));
    }
}
