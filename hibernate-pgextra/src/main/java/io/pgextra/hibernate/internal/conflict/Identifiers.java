package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Quotes identifiers the way PostgreSQL reads Hibernate's: an unquoted name is folded to lower case by the server,
 * so we quote the folded name; a name Hibernate already quoted is kept.
 */
public final class Identifiers {

	private Identifiers() {
	}

	/** @return the unquoted, folded name as it appears in the catalog */
	public static String catalogName(String name) {
		if ( name.length() >= 2 && name.startsWith( "\"" ) && name.endsWith( "\"" ) ) {
			return name.substring( 1, name.length() - 1 ).replace( "\"\"", "\"" );
		}
		if ( name.length() >= 2 && name.startsWith( "`" ) && name.endsWith( "`" ) ) {
			return name.substring( 1, name.length() - 1 );
		}
		return name.toLowerCase( Locale.ROOT );
	}

	/** @return the name, double-quoted, with embedded quotes doubled */
	public static String quote(String name) {
		return "\"" + catalogName( name ).replace( "\"", "\"\"" ) + "\"";
	}

	/** @return the exact name, double-quoted, with embedded quotes doubled (no case folding) */
	public static String quoteExact(String name) {
		return "\"" + name.replace( "\"", "\"\"" ) + "\"";
	}

	/** Quotes every part of a possibly schema-qualified table name. */
	public static String quoteQualified(String qualified) {
		List<String> parts = splitQualified( qualified );
		StringBuilder sb = new StringBuilder();
		for ( String part : parts ) {
			if ( sb.length() > 0 ) {
				sb.append( '.' );
			}
			sb.append( quote( part ) );
		}
		return sb.toString();
	}

	static List<String> splitQualified(String qualified) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		for ( int i = 0; i < qualified.length(); i++ ) {
			char c = qualified.charAt( i );
			if ( c == '"' ) {
				quoted = !quoted;
				current.append( c );
			}
			else if ( c == '.' && !quoted ) {
				parts.add( current.toString() );
				current.setLength( 0 );
			}
			else {
				current.append( c );
			}
		}
		parts.add( current.toString() );
		return parts;
	}

	/**
	 * @return {@code value} as an escape string literal ({@code E'...'}), which reads the same whatever
	 * {@code standard_conforming_strings} says
	 */
	public static String literal(String value) {
		if ( value.indexOf( '\0' ) >= 0 ) {
			throw new IllegalArgumentException( "PostgreSQL text cannot contain a NUL character: '"
					+ value.replace( "\0", "\\0" ) + "'" );
		}
		return "E'" + value.replace( "\\", "\\\\" ).replace( "'", "''" ) + "'";
	}
}
