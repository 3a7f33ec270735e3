package io.windhover.web;

import java.util.Objects;

/**
 * One statement about a user, as an authentication scheme found it: a type ({@code sub},
 * {@code role}, {@code scope}, {@code email}), a value as text, and who issued it. .NET's
 * {@code System.Security.Claims.Claim}, without its value types: a JSON number or boolean in a
 * token arrives as its text, an array as one claim per element.
 *
 * <pre>{@code
 * new Claim("role", "admin", "https://login.example.com/")
 * }</pre>
 *
 * @param type the claim's name, compared exactly (JWT claim names are case-sensitive)
 * @param value its value as text
 * @param issuer who asserted it: a token's {@code iss}, or the scheme's name; {@link #LOCAL_AUTHORITY} when the application made it
 */
public record Claim(String type, String value, String issuer) {

    /** The issuer of claims the application made itself, .NET's {@code ClaimsIdentity.DefaultIssuer}. */
    public static final String LOCAL_AUTHORITY = "LOCAL AUTHORITY";

    public Claim {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuer, "issuer");
    }

    /** A claim the application asserts itself. */
    public Claim(String type, String value) {
        this(type, value, LOCAL_AUTHORITY);
    }
}
