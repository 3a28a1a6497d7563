package io.pgextra.hibernate.internal.conflict;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.pgextra.hibernate.internal.conflict.RowBinder.BoundRows;
import io.pgextra.hibernate.internal.conflict.TableModel.Column;

import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.type.BasicType;
import org.hibernate.type.SqlTypes;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The input of a large call's chunk through {@code COPY ... FROM STDIN (FORMAT binary)} into a temporary table,
 * instead of one array parameter per column ({@link RowBinder#arrays}). The statement then reads {@code WITH pgx_in
 * (c1, c2, pgx_ord) AS (SELECT CAST(c1 AS t1), c2, pgx_ord FROM pg_temp.pgx_copy_in)}; everything after
 * {@code pgx_in} is the statement of every other input ({@link StatementRenderer#input}).
 * <p>
 * Why: the server parses an array parameter's text element by element and unnests it; binary {@code COPY} hands it
 * the values in their binary form. For 100,000 rows, half present, 10 statements of 10,000 rows with unnest took
 * 902 ms of server time against 805 ms for a COPY into a temporary table and one {@code INSERT ... SELECT} (psql,
 * PostgreSQL 15); the threshold from which the library takes this path is measured end to end (BENCHMARKS.md, "COPY
 * input: threshold").
 * <p>
 * Only values it can encode exactly go this way ({@link Kind}): the value PostgreSQL receives is the one the unnest
 * path's cast gives. A chunk with any other column type or value (a converter, a domain, an array, an unexpected Java
 * class, a date-time outside years 1 to 9999: infinities and PostgreSQL's range limits are left to the driver's
 * conversion) keeps the unnest path, decided before the temporary table is created.
 * <p>
 * The temporary table lives for one chunk: created ({@code ON COMMIT DROP}), filled, read by the statement (and by
 * {@link Partitioning#resolve}), and dropped right after, so that a long transaction with many calls does not
 * accumulate tables, and the next chunk or call creates it again under the same name. One name (not one per call):
 * the statement's text stays the same for every chunk and call, so it is cached by shape. When the statement fails
 * in the database, the transaction is aborted and the table goes with its rollback (it is never dropped explicitly
 * then). Created and dropped inside the transaction, it works through a transaction-mode pooler (PgBouncer), which
 * keeps one server connection per transaction. Deadlock safety is unchanged: the rows are copied in the chunk's
 * order (the call's key order, {@link KeyOrder}), numbered {@code pgx_ord} 1..n, and inserted {@code ORDER BY pgx_ord}.
 */
final class CopyInput {

	/**
	 * Rows per COPY and statement: the statement's RETURNING rows are held in memory, and so is the chunk's encoded
	 * COPY data; the chunk bounds both (a few MB). Not larger: with 50,000 rows the statement's sort by
	 * {@code pgx_ord} spilled 4 MB to disk under the default {@code work_mem} of 4 MB (EXPLAIN ANALYZE, PostgreSQL
	 * 15), and in the benchmark 20,000-row chunks were as fast or faster (BENCHMARKS.md, "COPY input").
	 */
	static final int MAX_ROWS = 20_000;

	/** @return rows per chunk of a batch of {@code rows}: at most {@link #MAX_ROWS}, all chunks about the same size */
	static int chunkRows(int rows) {
		int chunks = ( rows + MAX_ROWS - 1 ) / MAX_ROWS;
		return ( rows + chunks - 1 ) / chunks;
	}

	/** The temporary table's name, the same for every chunk: it lives for one chunk (see the class comment). */
	static final String TABLE = "pgx_copy_in";

	/** Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01 (UTC). */
	private static final long PG_EPOCH_SECONDS = 946_684_800L;
	private static final long PG_EPOCH_DAYS = 10_957L;

	private static final byte[] HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
			0, 0, 0, 0, // flags: no OIDs
			0, 0, 0, 0 }; // no header extension

	/** The column types whose binary form is written here, by PostgreSQL's name of the type without its modifier. */
	private enum Kind {
		INT2, INT4, INT8, BOOL, FLOAT4, FLOAT8, TEXT, UUID, NUMERIC, TIMESTAMPTZ, TIMESTAMP, DATE
	}

	private static final Map<String, Kind> KINDS = Map.ofEntries( Map.entry( "smallint", Kind.INT2 ),
			Map.entry( "integer", Kind.INT4 ), Map.entry( "bigint", Kind.INT8 ), Map.entry( "boolean", Kind.BOOL ),
			Map.entry( "real", Kind.FLOAT4 ), Map.entry( "double precision", Kind.FLOAT8 ),
			Map.entry( "text", Kind.TEXT ), Map.entry( "character varying", Kind.TEXT ),
			Map.entry( "uuid", Kind.UUID ), Map.entry( "numeric", Kind.NUMERIC ),
			Map.entry( "timestamp with time zone", Kind.TIMESTAMPTZ ),
			Map.entry( "timestamp without time zone", Kind.TIMESTAMP ), Map.entry( "date", Kind.DATE ) );

	/**
	 * The JDBC types Hibernate binds a column's values with, per kind, for which the value it sends is the plain
	 * value (a String bound as JSON, say, would be sent quoted as a JSON string: not encoded here).
	 */
	private static final Map<Kind, Set<Integer>> JDBC_TYPES = Map.ofEntries(
			Map.entry( Kind.INT2, Set.of( SqlTypes.TINYINT, SqlTypes.SMALLINT, SqlTypes.INTEGER, SqlTypes.BIGINT ) ),
			Map.entry( Kind.INT4, Set.of( SqlTypes.TINYINT, SqlTypes.SMALLINT, SqlTypes.INTEGER, SqlTypes.BIGINT ) ),
			Map.entry( Kind.INT8, Set.of( SqlTypes.TINYINT, SqlTypes.SMALLINT, SqlTypes.INTEGER, SqlTypes.BIGINT ) ),
			Map.entry( Kind.BOOL, Set.of( SqlTypes.BOOLEAN, SqlTypes.BIT ) ),
			Map.entry( Kind.FLOAT4, Set.of( SqlTypes.REAL, SqlTypes.FLOAT, SqlTypes.DOUBLE ) ),
			Map.entry( Kind.FLOAT8, Set.of( SqlTypes.REAL, SqlTypes.FLOAT, SqlTypes.DOUBLE ) ),
			Map.entry( Kind.TEXT, Set.of( SqlTypes.VARCHAR, SqlTypes.NVARCHAR, SqlTypes.LONGVARCHAR,
					SqlTypes.LONGNVARCHAR, SqlTypes.LONG32VARCHAR, SqlTypes.LONG32NVARCHAR, SqlTypes.CHAR,
					SqlTypes.NCHAR ) ),
			Map.entry( Kind.UUID, Set.of( SqlTypes.UUID ) ),
			Map.entry( Kind.NUMERIC, Set.of( SqlTypes.NUMERIC, SqlTypes.DECIMAL ) ),
			Map.entry( Kind.TIMESTAMPTZ, Set.of( SqlTypes.TIMESTAMP_UTC, SqlTypes.TIMESTAMP_WITH_TIMEZONE ) ),
			Map.entry( Kind.TIMESTAMP, Set.of( SqlTypes.TIMESTAMP ) ),
			Map.entry( Kind.DATE, Set.of( SqlTypes.DATE ) ) );

	private final ConflictCall call;
	private final Kind[] kinds;
	private final String createSql;
	private final String copySql;

	private CopyInput(ConflictCall call, ConflictPlan plan, Kind[] kinds) {
		this.call = call;
		this.kinds = kinds;
		StringBuilder create = new StringBuilder( "CREATE TEMP TABLE " ).append( TABLE ).append( " (" );
		StringBuilder copy = new StringBuilder( "COPY pg_temp." ).append( TABLE ).append( " (" );
		for ( Column column : plan.boundColumns ) {
			// the type without its modifier, as a non-key column's unnest array has it; a key column's modifier is
			// applied by the CAST in StatementRenderer.input, as explicitly as the unnest path's cast applies it
			create.append( column.quoted() ).append( ' ' ).append( call.catalog.baseType( column.catalogName() ) )
					.append( ", " );
			copy.append( column.quoted() ).append( ", " );
		}
		this.createSql = create.append( "pgx_ord bigint) ON COMMIT DROP" ).toString();
		this.copySql = copy.append( "pgx_ord) FROM STDIN (FORMAT binary)" ).toString();
	}

	/**
	 * @param rows the rows of the call's batch (key-sorted, sent in chunks)
	 * @return the COPY input for the call's chunks, or {@code null} when they keep the unnest path: fewer rows than
	 * {@link io.pgextra.hibernate.ConflictSettings#COPY_THRESHOLD}, a column whose values are not encoded here, or a connection that is not PostgreSQL's driver's
	 */
	static CopyInput of(ConflictCall call, ConflictPlan plan, int rows) {
		int threshold = call.runtime.copyThreshold();
		if ( threshold == 0 || rows < threshold || plan.boundColumns.isEmpty() ) {
			return null;
		}
		Kind[] kinds = new Kind[plan.boundColumns.size()];
		for ( int c = 0; c < kinds.length; c++ ) {
			kinds[c] = kind( call, plan.boundColumns.get( c ) );
			if ( kinds[c] == null ) {
				return null;
			}
		}
		try {
			if ( !physicalConnection( call.session ).isWrapperFor( PGConnection.class ) ) {
				return null;
			}
		}
		catch (SQLException | LinkageError e) {
			// another driver, or a pool that does not unwrap: the unnest path works with any
			return null;
		}
		if ( !mayCreateTemporaryTables( call.session ) ) {
			return null;
		}
		return new CopyInput( call, plan, kinds );
	}

	private static Kind kind(ConflictCall call, Column column) {
		BasicType<?> type = column.bindType();
		if ( type == null || type.getValueConverter() != null ) {
			// enums, AttributeConverters: the row holds the domain value, the converter makes the JDBC one
			return null;
		}
		if ( call.catalog.columnType( column.catalogName() ).endsWith( "]" ) ) {
			return null; // an array column: its base type names the element
		}
		Kind kind = KINDS.get( call.catalog.baseType( column.catalogName() ) );
		if ( kind == null ) {
			return null;
		}
		Set<Integer> jdbcTypes = JDBC_TYPES.get( kind );
		if ( !jdbcTypes.contains( type.getJdbcType().getDefaultSqlTypeCode() )
				&& !jdbcTypes.contains( type.getJdbcType().getJdbcTypeCode() ) ) {
			return null;
		}
		if ( ( kind == Kind.TIMESTAMP || kind == Kind.DATE ) && call.session.getJdbcTimeZone() != null ) {
			// bound one by one, local date-times honour hibernate.jdbc.time_zone (see RowBinder.LOCAL_TEMPORAL_TYPES)
			return null;
		}
		return kind;
	}

	/**
	 * Whether the session's role may create temporary tables: a hardened database revokes {@code TEMPORARY} from
	 * {@code PUBLIC}, and the {@code CREATE TEMP TABLE} would then fail the call (and abort the transaction) where
	 * the unnest path works. Asked on every call that would copy (one round trip beside a statement of thousands of
	 * rows), so that a grant or a revoke takes effect at once and roles of one factory may differ.
	 */
	@SuppressWarnings("deprecation") // setHibernateFlushMode: a look-up that must not flush
	private static boolean mayCreateTemporaryTables(SessionImplementor session) {
		var query = session.createNativeQuery( "SELECT has_database_privilege(current_database(), 'TEMPORARY')",
				Boolean.class );
		query.setHibernateFlushMode( org.hibernate.FlushMode.MANUAL );
		return Boolean.TRUE.equals( query.getSingleResult() );
	}

	private static Connection physicalConnection(SessionImplementor session) {
		return session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
	}

	/**
	 * Encodes the chunk's rows, creates the temporary table and copies them into it.
	 *
	 * @return the chunk as the statement's input (no bind parameters), or {@code null} when a value cannot be encoded
	 * exactly: the chunk keeps the unnest path, and nothing was sent
	 */
	BoundRows load(Object[][] rows, List<Integer> chunk) {
		Out out = new Out( 64 + chunk.size() * ( 16 + kinds.length * 12 ) );
		out.bytes( HEADER );
		for ( int r = 0; r < chunk.size(); r++ ) {
			Object[] row = rows[chunk.get( r )];
			out.int16( kinds.length + 1 );
			for ( int c = 0; c < kinds.length; c++ ) {
				if ( !encode( kinds[c], row[c], out ) ) {
					return null;
				}
			}
			out.int32( 8 );
			out.int64( r + 1L ); // pgx_ord: the chunk's (key) order
		}
		out.int16( -1 );
		execute( createSql );
		copy( out );
		return new BoundRows( List.of(), false, chunk.size(), this );
	}

	/** Drops the chunk's table: the statement and what reads its input after it have run. */
	void drop() {
		execute( "DROP TABLE pg_temp." + TABLE );
	}

	/** DDL through Hibernate's JDBC layer: logged, inspected, counted and its SQLException converted as any statement's. */
	private void execute(String sql) {
		JdbcCoordinator jdbc = call.session.getJdbcCoordinator();
		PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement( sql );
		try {
			jdbc.getResultSetReturn().executeUpdate( statement, sql );
		}
		finally {
			jdbc.getLogicalConnection().getResourceRegistry().release( statement );
			jdbc.afterStatementExecution();
		}
	}

	/** COPY has no Hibernate API: logged with its statement logger, its SQLException converted by its helper. */
	private void copy(Out out) {
		var services = call.session.getJdbcServices();
		services.getSqlStatementLogger().logStatement( copySql );
		try {
			CopyManager copyManager = physicalConnection( call.session ).unwrap( PGConnection.class ).getCopyAPI();
			CopyIn in = copyManager.copyIn( copySql );
			try {
				// in slices: the driver buffers what it is given before sending it
				for ( int from = 0; from < out.length; from += 65_536 ) {
					in.writeToCopy( out.buffer, from, Math.min( 65_536, out.length - from ) );
				}
				in.endCopy();
			}
			finally {
				if ( in.isActive() ) {
					in.cancelCopy();
				}
			}
		}
		catch (SQLException e) {
			throw services.getSqlExceptionHelper().convert( e, "could not copy the rows of the insert into "
					+ call.describe() + " into a temporary table", copySql );
		}
	}

	/** @return whether the value was written; {@code false}: not exactly encodable here */
	private static boolean encode(Kind kind, Object value, Out out) {
		if ( value == null ) {
			out.int32( -1 );
			return true;
		}
		switch ( kind ) {
			case INT2, INT4, INT8 -> {
				if ( !( value instanceof Long || value instanceof Integer || value instanceof Short
						|| value instanceof Byte ) ) {
					return false;
				}
				long v = ( (Number) value ).longValue();
				if ( kind == Kind.INT2 ) {
					if ( v != (short) v ) {
						return false; // out of range: the unnest path's cast reports it
					}
					out.int32( 2 );
					out.int16( (int) v );
				}
				else if ( kind == Kind.INT4 ) {
					if ( v != (int) v ) {
						return false;
					}
					out.int32( 4 );
					out.int32( (int) v );
				}
				else {
					out.int32( 8 );
					out.int64( v );
				}
			}
			case BOOL -> {
				if ( !( value instanceof Boolean b ) ) {
					return false;
				}
				out.int32( 1 );
				out.int8( b ? 1 : 0 );
			}
			case FLOAT4 -> {
				if ( !( value instanceof Float f ) ) {
					return false;
				}
				out.int32( 4 );
				out.int32( Float.floatToIntBits( f ) );
			}
			case FLOAT8 -> {
				if ( !( value instanceof Double || value instanceof Float ) ) {
					return false;
				}
				out.int32( 8 );
				// a float widens exactly, as PostgreSQL's float4 to float8
				out.int64( Double.doubleToLongBits( ( (Number) value ).doubleValue() ) );
			}
			case TEXT -> {
				if ( !( value instanceof String s ) ) {
					return false;
				}
				// UTF-8, the client encoding pgjdbc sets; a NUL character was rejected before (ValueConverter)
				byte[] bytes = s.getBytes( StandardCharsets.UTF_8 );
				out.int32( bytes.length );
				out.bytes( bytes );
			}
			case UUID -> {
				if ( !( value instanceof UUID u ) ) {
					return false;
				}
				out.int32( 16 );
				out.int64( u.getMostSignificantBits() );
				out.int64( u.getLeastSignificantBits() );
			}
			case NUMERIC -> {
				return value instanceof BigDecimal d && numeric( d, out );
			}
			case TIMESTAMPTZ -> {
				Instant instant = value instanceof Instant i ? i
						: value instanceof OffsetDateTime o ? o.toInstant()
						: value instanceof ZonedDateTime z ? z.toInstant() : null;
				return instant != null && timestamp( instant.getEpochSecond(), instant.getNano(), out );
			}
			case TIMESTAMP -> {
				if ( !( value instanceof LocalDateTime local ) ) {
					return false;
				}
				// without time zone: its fields as they are, counted as if in UTC
				return timestamp( local.toEpochSecond( ZoneOffset.UTC ), local.getNano(), out );
			}
			case DATE -> {
				if ( !( value instanceof LocalDate date ) || date.getYear() < 1 || date.getYear() > 9999 ) {
					return false; // LocalDate.MIN/MAX mean -infinity/infinity to the driver; BC left to it too
				}
				out.int32( 4 );
				out.int32( (int) ( date.toEpochDay() - PG_EPOCH_DAYS ) );
			}
		}
		return true;
	}

	/** Years 1 to 9999 (in UTC): enough for real data; the rest (infinity conventions, BC) is left to the driver. */
	private static final long MIN_SECONDS = LocalDateTime.of( 1, 1, 1, 0, 0 ).toEpochSecond( ZoneOffset.UTC );
	private static final long MAX_SECONDS = LocalDateTime.of( 9999, 12, 31, 23, 59, 59 ).toEpochSecond( ZoneOffset.UTC );

	/**
	 * Microseconds since 2000-01-01, rounded half up from nanoseconds (as pgjdbc rounds a value it sends as text, and
	 * as PostgreSQL rounds a text value with more than six fractional digits).
	 */
	private static boolean timestamp(long epochSecond, int nano, Out out) {
		if ( epochSecond < MIN_SECONDS || epochSecond > MAX_SECONDS ) {
			return false;
		}
		out.int32( 8 );
		out.int64( ( epochSecond - PG_EPOCH_SECONDS ) * 1_000_000L + ( nano + 500 ) / 1_000 );
		return true;
	}

	/**
	 * PostgreSQL's binary numeric: the number of base-10000 digits, the weight of the first (its power of 10000),
	 * the sign, the display scale (digits after the point, as given: 1.50 stays 1.50), then the digits, without
	 * leading or trailing zero digits.
	 */
	private static boolean numeric(BigDecimal value, Out out) {
		int scale = value.scale();
		if ( scale > 16_383 || value.precision() - scale > 131_072 ) {
			return false; // beyond numeric's limits: the unnest path reports it
		}
		BigInteger unscaled = value.unscaledValue().abs();
		int dscale = Math.max( scale, 0 );
		if ( scale < 0 ) {
			unscaled = unscaled.multiply( BigInteger.TEN.pow( -scale ) );
			scale = 0;
		}
		// pad the fraction to whole base-10000 digits
		int pad = ( 4 - scale % 4 ) % 4;
		if ( pad > 0 ) {
			unscaled = unscaled.multiply( BigInteger.TEN.pow( pad ) );
		}
		int fractionDigits = ( scale + pad ) / 4;
		String decimal = unscaled.toString();
		int groups = ( decimal.length() + 3 ) / 4;
		short[] digits = new short[groups];
		int end = decimal.length();
		for ( int g = groups - 1; g >= 0; g-- ) {
			int start = Math.max( 0, end - 4 );
			digits[g] = Short.parseShort( decimal.substring( start, end ) );
			end = start;
		}
		int weight = groups - fractionDigits - 1;
		int first = 0;
		while ( first < groups && digits[first] == 0 ) {
			first++;
			weight--;
		}
		int last = groups;
		while ( last > first && digits[last - 1] == 0 ) {
			last--;
		}
		int ndigits = last - first;
		if ( ndigits == 0 ) {
			weight = 0;
		}
		out.int32( 8 + 2 * ndigits );
		out.int16( ndigits );
		out.int16( weight );
		out.int16( value.signum() < 0 ? 0x4000 : 0 );
		out.int16( dscale );
		for ( int g = first; g < last; g++ ) {
			out.int16( digits[g] );
		}
		return true;
	}

	/** A growing big-endian buffer. */
	private static final class Out {
		byte[] buffer;
		int length;

		Out(int capacity) {
			buffer = new byte[Math.max( 64, capacity )];
		}

		private void room(int n) {
			if ( length + n > buffer.length ) {
				buffer = Arrays.copyOf( buffer, Math.max( buffer.length * 2, length + n ) );
			}
		}

		void int8(int v) {
			room( 1 );
			buffer[length++] = (byte) v;
		}

		void int16(int v) {
			room( 2 );
			buffer[length++] = (byte) ( v >>> 8 );
			buffer[length++] = (byte) v;
		}

		void int32(int v) {
			room( 4 );
			buffer[length++] = (byte) ( v >>> 24 );
			buffer[length++] = (byte) ( v >>> 16 );
			buffer[length++] = (byte) ( v >>> 8 );
			buffer[length++] = (byte) v;
		}

		void int64(long v) {
			int32( (int) ( v >>> 32 ) );
			int32( (int) v );
		}

		void bytes(byte[] bytes) {
			room( bytes.length );
			System.arraycopy( bytes, 0, buffer, length, bytes.length );
			length += bytes.length;
		}
	}
}
