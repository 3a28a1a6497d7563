package io.pgextra.hibernate.internal.hstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Names and literals of the hstore DDL.
 * <p>
 * Names follow django-postgres-extra ({@code <table>_<column>_unique_<key1>_<key2>},
 * {@code <table>_<column>_required_<key>}). A name is used as it is when it only has lower-case ASCII letters, digits
 * and underscores and fits PostgreSQL's 63 bytes; otherwise it is reduced to those characters, cut, and ends with
 * {@code _} and 8 hex digits of a SHA-256 of the full name. Joining with {@code _} is ambiguous (keys {@code a, b}
 * and the key {@code a_b}; table {@code p} with column {@code q_r} and table {@code p_q} with column {@code r}), so
 * when declarations of one schema would share a name, each of them gets a {@linkplain #distinctName distinct one}
 * instead, with a hash of what tells them apart. Either way the same declarations always get the same names.
 * <p>
 * A key is written as a string literal, never as SQL. Characters that Hibernate's DDL formatter
 * ({@code hibernate.format_sql}) would misread as quotes or line breaks, and those that end a dollar-quoted
 * {@code DO} body, are written as Unicode escapes of an {@code E'...'} literal, which PostgreSQL reads the same
 * whatever {@code standard_conforming_strings} says. Other characters, non-ASCII ones included, are written as they
 * are.
 */
final class HStoreSql {

	/** PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated by the server. */
	static final int MAX_NAME_BYTES = 63;
	private static final int HASH_HEX_DIGITS = 8;

	private HStoreSql() {
	}

	/** @return django-postgres-extra's name of the unique index over {@code keys} of {@code column}, unreduced */
	static String uniqueRaw(String table, String column, List<String> keys) {
		return table + "_" + column + "_unique_" + String.join( "_", keys );
	}

	/** @return django-postgres-extra's name of the check that requires {@code key} in {@code column}, unreduced */
	static String requiredRaw(String table, String column, String key) {
		return table + "_" + column + "_required_" + key;
	}

	/** @return {@code raw} when it is a plain name that fits, else its reduced form with a hash of it */
	static String name(String raw) {
		if ( raw.matches( "[a-z0-9_]+" ) && raw.length() <= MAX_NAME_BYTES ) {
			return raw;
		}
		return distinctName( raw, raw );
	}

	/**
	 * @param raw the name as joined, reduced and cut here
	 * @param identity what tells the declaration apart from any other with the same {@code raw}, e.g. its table,
	 * column and keys joined with NUL, which no identifier or key can hold
	 * @return {@code raw} reduced to lower-case ASCII letters, digits and underscores, cut to leave room, then
	 * {@code _} and 8 hex digits of a SHA-256 of {@code identity}: at most 63 bytes
	 */
	static String distinctName(String raw, String identity) {
		StringBuilder reduced = new StringBuilder();
		for ( int i = 0; i < raw.length(); i++ ) {
			char c = raw.charAt( i );
			char kept = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c
					: c >= 'A' && c <= 'Z' ? (char) ( c + ( 'a' - 'A' ) )
					: '_';
			if ( kept != '_' || reduced.length() == 0 || reduced.charAt( reduced.length() - 1 ) != '_' ) {
				reduced.append( kept );
			}
		}
		int room = MAX_NAME_BYTES - 1 - HASH_HEX_DIGITS;
		String head = reduced.length() > room ? reduced.substring( 0, room ) : reduced.toString();
		if ( head.endsWith( "_" ) ) {
			head = head.substring( 0, head.length() - 1 );
		}
		return head + "_" + hash( identity );
	}

	private static String hash(String raw) {
		try {
			byte[] digest = MessageDigest.getInstance( "SHA-256" ).digest( raw.getBytes( StandardCharsets.UTF_8 ) );
			return HexFormat.of().formatHex( digest ).substring( 0, HASH_HEX_DIGITS );
		}
		catch (NoSuchAlgorithmException e) {
			// every Java platform has SHA-256
			throw new IllegalStateException( e );
		}
	}

	/** @return {@code name} as a quoted identifier */
	static String quote(String name) {
		return "\"" + name.replace( "\"", "\"\"" ) + "\"";
	}

	/**
	 * @return {@code value} as a string literal: {@code 'value'} when it only has harmless characters, otherwise
	 * {@code E'...'} with escapes
	 */
	static String literal(String value) {
		boolean plain = true;
		for ( int i = 0; i < value.length() && plain; i++ ) {
			plain = !needsEscape( value.charAt( i ) );
		}
		if ( plain ) {
			return "'" + value + "'";
		}
		StringBuilder sb = new StringBuilder( value.length() + 16 ).append( "E'" );
		for ( int i = 0; i < value.length(); i++ ) {
			char c = value.charAt( i );
			if ( c == '\\' ) {
				sb.append( "\\\\" );
			}
			else if ( needsEscape( c ) ) {
				sb.append( "\\u" ).append( String.format( Locale.ROOT, "%04x", (int) c ) );
			}
			else {
				sb.append( c );
			}
		}
		return sb.append( '\'' ).toString();
	}

	private static boolean needsEscape(char c) {
		return switch ( c ) {
			// quotes and brackets, as Hibernate's DDL formatter tracks them; $ could end a dollar-quoted body
			case '\'', '"', '`', '[', ']', '\\', '$' -> true;
			// control characters: the formatter turns line breaks into spaces
			default -> c < 0x20 || c == 0x7f;
		};
	}

	/** @return {@code (column -> 'key')}, the index expression, as {@code ConflictTarget.hstoreKey} renders it */
	static String keyExpression(String quotedColumn, String key) {
		return "(" + quotedColumn + " -> " + literal( key ) + ")";
	}
}
