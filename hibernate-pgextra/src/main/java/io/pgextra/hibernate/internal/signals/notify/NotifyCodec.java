package io.pgextra.hibernate.internal.signals.notify;

import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.signals.Signal;

import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.BasicType;
import org.hibernate.type.ComponentType;
import org.hibernate.type.Type;

/**
 * The text of an {@code ALL_INSTANCES} notification, and of the keys in it.
 * <p>
 * A payload is pure ASCII (so that its length is its size in bytes whatever the server encoding) and shorter than
 * PostgreSQL's limit of 8000 bytes. It is a header line, then one line per run of rows with the same signal and
 * entity, in the order the rows were written:
 * <pre>
 * pgx1 &lt;sequence&gt;
 * U com.example.Item 17,18,19
 * D com.example.Membership [1,2],[1,3]
 * </pre>
 * The sequence numbers the notifications of a writer so that two identical ones are not merged by PostgreSQL
 * (which delivers identical payloads of one transaction once). A line starts with the signal's letter
 * ({@code C}, {@code U}, {@code D}) and the Hibernate entity name; then the keys, separated by commas. A key is
 * JSON-like: a basic value is written with its Hibernate {@code JavaType}'s {@code toString} (as Hibernate writes
 * it into caches), bare when it consists only of {@code [A-Za-z0-9._:+-]} (numbers, UUIDs, most strings and
 * dates), else as a JSON string with {@code \"}, {@code \\} and {@code \\uXXXX} escapes for control and non-ASCII
 * characters; {@code null} is {@code null}; a composite key ({@code @EmbeddedId}, {@code @IdClass}, nested
 * embeddables) is the array of its attributes' values in Hibernate's attribute order. The receiving side reads a
 * key back with the same entity's identifier type, so a key round-trips to the identifier class of the entity.
 */
public final class NotifyCodec {

	/** PostgreSQL: "the payload string must be shorter than 8000 bytes" (all ASCII here). */
	public static final int MAX_PAYLOAD = 7999;

	static final String HEADER = "pgx1 ";

	private NotifyCodec() {
	}

	public static char letter(Signal signal) {
		return switch ( signal ) {
			case CREATE -> 'C';
			case UPDATE -> 'U';
			case DELETE -> 'D';
		};
	}

	static Signal signal(char letter) {
		return switch ( letter ) {
			case 'C' -> Signal.CREATE;
			case 'U' -> Signal.UPDATE;
			case 'D' -> Signal.DELETE;
			default -> null;
		};
	}

	// ---------------------------------------------------------------------------------------- keys

	/**
	 * @return the first part of {@code type} that cannot be encoded (an association in an {@code @IdClass}, a
	 * custom type), or {@code null} when the whole key can be
	 */
	public static Type unsupportedPart(Type type) {
		if ( type instanceof ComponentType component ) {
			if ( component.getMappingModelPart().getEmbeddableTypeDescriptor().isPolymorphic() ) {
				return type;
			}
			for ( Type part : component.getSubtypes() ) {
				Type unsupported = unsupportedPart( part );
				if ( unsupported != null ) {
					return unsupported;
				}
			}
			return null;
		}
		return type instanceof BasicType<?> ? null : type;
	}

	/** @return the key of a row of {@code persister}, encoded */
	public static String encodeId(EntityPersister persister, Object id) {
		StringBuilder out = new StringBuilder( 24 );
		encode( persister, persister.getIdentifierType(), id, out );
		return out.toString();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void encode(EntityPersister persister, Type type, Object value, StringBuilder out) {
		if ( value == null ) {
			out.append( "null" );
		}
		else if ( type instanceof ComponentType component ) {
			Object[] values = component.getPropertyValues( value );
			Type[] types = component.getSubtypes();
			out.append( '[' );
			for ( int i = 0; i < types.length; i++ ) {
				if ( i > 0 ) {
					out.append( ',' );
				}
				encode( persister, types[i], values[i], out );
			}
			out.append( ']' );
		}
		else if ( type instanceof BasicType<?> basic ) {
			String text = ( (BasicType) basic ).getJavaTypeDescriptor().toString( value );
			appendString( text, out );
		}
		else {
			throw new IllegalArgumentException( "The key of entity " + persister.getEntityName() + " has a part of type "
					+ type.getName() + " (value '" + value + "'), which ALL_INSTANCES signals cannot encode; use basic"
					+ " values (numbers, strings, UUIDs, dates) or embeddables of them as the identifier" );
		}
	}

	private static void appendString(String text, StringBuilder out) {
		if ( isBare( text ) ) {
			out.append( text );
			return;
		}
		out.append( '"' );
		for ( int i = 0; i < text.length(); i++ ) {
			char c = text.charAt( i );
			if ( c == '"' || c == '\\' ) {
				out.append( '\\' ).append( c );
			}
			else if ( c < 0x20 || c > 0x7e ) {
				out.append( String.format( "\\u%04x", (int) c ) );
			}
			else {
				out.append( c );
			}
		}
		out.append( '"' );
	}

	private static boolean isBare(String text) {
		if ( text.isEmpty() || text.equals( "null" ) ) {
			return false;
		}
		for ( int i = 0; i < text.length(); i++ ) {
			char c = text.charAt( i );
			boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
					|| c == '.' || c == '_' || c == ':' || c == '+' || c == '-';
			if ( !ok ) {
				return false;
			}
		}
		return true;
	}

	/** @return the key read back as the identifier class of {@code persister} */
	public static Object decodeId(EntityPersister persister, Object parsed) {
		return decode( persister, persister.getIdentifierType(), parsed );
	}

	@SuppressWarnings("rawtypes")
	private static Object decode(EntityPersister persister, Type type, Object parsed) {
		if ( parsed == null ) {
			return null;
		}
		if ( type instanceof ComponentType component ) {
			Type[] types = component.getSubtypes();
			if ( !( parsed instanceof List<?> list ) || list.size() != types.length ) {
				throw new IllegalArgumentException( "Expected a composite key of " + types.length + " values for entity "
						+ persister.getEntityName() + ", got '" + parsed + "'" );
			}
			Object[] values = new Object[types.length];
			for ( int i = 0; i < types.length; i++ ) {
				values[i] = decode( persister, types[i], list.get( i ) );
			}
			return component.getMappingModelPart().getEmbeddableTypeDescriptor().getRepresentationStrategy()
					.getInstantiator().instantiate( () -> values );
		}
		if ( type instanceof BasicType<?> basic && parsed instanceof String text ) {
			return ( (BasicType) basic ).getJavaTypeDescriptor().fromString( text );
		}
		throw new IllegalArgumentException( "Cannot read '" + parsed + "' as a key part of type " + type.getName()
				+ " of entity " + persister.getEntityName() );
	}

	// ---------------------------------------------------------------------------------------- payloads

	/** One line of a payload: a signal, an entity name, and its keys parsed (strings, nulls and lists). */
	public record Line(Signal signal, String entityName, List<Object> ids) {
	}

	/**
	 * Builds the payloads of one writer: rows are appended in order; when a row does not fit, the payload is
	 * complete and a new one starts.
	 */
	public static final class Builder {
		private final StringBuilder text = new StringBuilder( 256 );
		private char signal;
		private String entityName;
		private int rows;

		/** Starts a payload with the writer's next sequence number. */
		public Builder(long sequence) {
			text.append( HEADER ).append( sequence );
		}

		/** @return whether the row fits (else nothing is appended and the payload is complete) */
		public boolean add(char signal, String entityName, String encodedId) {
			boolean sameRun = rows > 0 && signal == this.signal && entityName.equals( this.entityName );
			int added = sameRun ? 1 + encodedId.length() : 3 + entityName.length() + 1 + encodedId.length();
			if ( text.length() + added > MAX_PAYLOAD ) {
				if ( rows == 0 ) {
					throw new IllegalArgumentException( "The key of entity " + entityName + " is " + encodedId.length()
							+ " characters long once encoded ('" + encodedId.substring( 0, Math.min( 60, encodedId.length() ) ) + "...'): a PostgreSQL"
							+ " notification holds less than 8000 bytes; use shorter keys for ALL_INSTANCES signals" );
				}
				return false;
			}
			if ( sameRun ) {
				text.append( ',' );
			}
			else {
				text.append( '\n' ).append( signal ).append( ' ' ).append( entityName ).append( ' ' );
				this.signal = signal;
				this.entityName = entityName;
			}
			text.append( encodedId );
			rows++;
			return true;
		}

		public int rows() {
			return rows;
		}

		public String payload() {
			return text.toString();
		}
	}

	/**
	 * @return the lines of a payload, or {@code null} if it is not one of ours (another application on the channel,
	 * or a later format)
	 */
	public static List<Line> parse(String payload) {
		if ( payload == null || !payload.startsWith( HEADER ) ) {
			return null;
		}
		List<Line> lines = new ArrayList<>();
		int pos = payload.indexOf( '\n' );
		while ( pos >= 0 && pos < payload.length() ) {
			int start = pos + 1;
			int end = payload.indexOf( '\n', start );
			if ( end < 0 ) {
				end = payload.length();
			}
			Signal signal = end - start > 2 ? signal( payload.charAt( start ) ) : null;
			int nameEnd = payload.indexOf( ' ', start + 2 );
			if ( signal == null || payload.charAt( start + 1 ) != ' ' || nameEnd < 0 || nameEnd >= end ) {
				throw new IllegalArgumentException( "Malformed line '" + payload.substring( start, end ) + "'" );
			}
			Parser parser = new Parser( payload, nameEnd + 1, end );
			List<Object> ids = new ArrayList<>();
			do {
				ids.add( parser.value() );
			}
			while ( parser.comma() );
			parser.expectEnd();
			lines.add( new Line( signal, payload.substring( start + 2, nameEnd ), ids ) );
			pos = end;
		}
		return lines;
	}

	/** A recursive-descent reader of the key grammar, within one line. */
	private static final class Parser {
		private final String s;
		private int i;
		private final int end;

		Parser(String s, int start, int end) {
			this.s = s;
			this.i = start;
			this.end = end;
		}

		Object value() {
			if ( i >= end ) {
				throw error( "a value" );
			}
			char c = s.charAt( i );
			if ( c == '[' ) {
				i++;
				List<Object> list = new ArrayList<>();
				if ( i < end && s.charAt( i ) == ']' ) {
					i++;
					return list;
				}
				do {
					list.add( value() );
				}
				while ( comma() );
				if ( i >= end || s.charAt( i ) != ']' ) {
					throw error( "']'" );
				}
				i++;
				return list;
			}
			if ( c == '"' ) {
				StringBuilder out = new StringBuilder();
				i++;
				while ( i < end ) {
					char d = s.charAt( i++ );
					if ( d == '"' ) {
						return out.toString();
					}
					if ( d == '\\' ) {
						if ( i >= end ) {
							break;
						}
						char e = s.charAt( i++ );
						if ( e == 'u' && i + 4 <= end ) {
							out.append( (char) Integer.parseInt( s.substring( i, i + 4 ), 16 ) );
							i += 4;
						}
						else {
							out.append( e );
						}
					}
					else {
						out.append( d );
					}
				}
				throw error( "a closing '\"'" );
			}
			int start = i;
			while ( i < end && s.charAt( i ) != ',' && s.charAt( i ) != ']' ) {
				i++;
			}
			String bare = s.substring( start, i );
			if ( bare.isEmpty() ) {
				throw error( "a value" );
			}
			return bare.equals( "null" ) ? null : bare;
		}

		boolean comma() {
			if ( i < end && s.charAt( i ) == ',' ) {
				i++;
				return true;
			}
			return false;
		}

		void expectEnd() {
			if ( i != end ) {
				throw error( "the end of the line" );
			}
		}

		private IllegalArgumentException error(String expected) {
			return new IllegalArgumentException( "Expected " + expected + " at character " + i + " of '"
					+ s.substring( 0, Math.min( s.length(), 200 ) ) + "'" );
		}
	}
}
