using System.Buffers;
using ContextStore.Contract;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// The <c>If-Match</c> of a write (RFC 9110 §13.1.1) as the store's <see cref="WritePrecondition"/>: none, <c>*</c>,
/// or the strong entity tags of the list (several If-Match lines are one list). ASP.NET Core's
/// <see cref="EntityTagHeaderValue"/> parses the list; an empty value, one it cannot parse, <c>*</c> inside a list and
/// a tag with characters RFC 9110 does not allow in one are refused with 400.
/// </summary>
public static class IfMatchHeader
{
    /// <summary>etagc = %x21 / %x23-7E / obs-text: no space, no DQUOTE, no control.</summary>
    private static readonly SearchValues<char> NotETagCharacters =
        SearchValues.Create([.. Enumerable.Range(0, 0x21).Select(c => (char)c), '"', '\x7F']);

    /// <summary>The condition to write on, or null when the request has no <c>If-Match</c>.</summary>
    public static WritePrecondition? ConditionOf(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderNames.IfMatch, out var values))
        {
            return null;
        }

        if (values.All(string.IsNullOrWhiteSpace))
        {
            throw new InvalidRequestException("If-Match is empty: send * or the ETag of a read (a comma-separated list of them).");
        }

        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags) || tags.Count == 0 || !tags.All(IsWellFormed))
        {
            throw Unparsable();
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            // "*" = the whole field value (RFC 9110 §13.1.1), never an element of a list of tags.
            return tags.Count == 1 ? WritePrecondition.AnyLiveVersion : throw Unparsable();
        }

        // A weak tag never matches: If-Match compares strongly.
        return WritePrecondition.OneOf(tags.Where(tag => !tag.IsWeak).Select(tag => tag.Tag.Value!));
    }

    /// <summary>The library also reads a quoted-string with escapes or spaces as a tag; RFC 9110's entity-tag has neither.</summary>
    private static bool IsWellFormed(EntityTagHeaderValue tag) =>
        tag.Equals(EntityTagHeaderValue.Any) || !tag.Tag.AsSpan(1, tag.Tag.Length - 2).ContainsAny(NotETagCharacters);

    private static InvalidRequestException Unparsable() =>
        new("If-Match cannot be parsed: send * or quoted ETags as a read returned them, such as \"abc\" (a comma-separated list of them).");
}
