package io.pgextra.hibernate.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.query.MutationQuery;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep4;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;

import jakarta.persistence.EntityManager;

/**
 * The peers a user would pick instead of hibernate-pgextra (issue 13): jOOQ, hand-written JDBC that returns ids in
 * input order, Spring Data JPA's {@code saveAll}, Hibernate's own HQL {@code insert ... on conflict}. Each is written
 * the way its documentation recommends for bulk work, and each is checked like every other variant.
 */
final class PeerVariants {

	/** Rows per statement of the unnest variant: arrays are not bound by the 32,767 parameter limit. */
	static final int ARRAY_CHUNK = 10_000;
	private static final String SET_EXCLUDED = " ON CONFLICT (sku) DO UPDATE SET quantity = EXCLUDED.quantity,"
			+ " label = EXCLUDED.label, updated_at = EXCLUDED.updated_at";
	/** 2000-01-01T00:00Z in seconds since 1970: the epoch of PostgreSQL's binary timestamps. */
	private static final long PG_EPOCH_SECONDS = 946_684_800L;

	/**
	 * The jOOQ on the classpath: read at run time, since Constants.VERSION is a compile-time constant that javac
	 * copies into this class (an incremental build after switching JDK, and so jOOQ, would report the old one).
	 */
	private static final String JOOQ_VERSION = jooqVersion();

	private final Bench bench;

	private static String jooqVersion() {
		try {
			return String.valueOf( org.jooq.Constants.class.getField( "VERSION" ).get( null ) );
		}
		catch (ReflectiveOperationException e) {
			return "?";
		}
	}

	PeerVariants(Bench bench) {
		this.bench = bench;
	}

	List<Bench.Variant> all() {
		return List.of( new JooqValues(), new JooqBatch(), new JdbcUnnestIds(), new JdbcCopyIds(), new SpringSaveAll(),
				new HqlInsertValues(), new HqlInsertRow() );
	}

	/** Fills {@code ids} from a result of (id, sku) rows, matched to input positions by key. */
	private static void match(ResultSet rs, Map<String, Integer> index, long[] ids) throws SQLException {
		while ( rs.next() ) {
			ids[index.get( rs.getString( 2 ) )] = rs.getLong( 1 );
		}
	}

	private static Map<String, Integer> index(Workload workload, int from, int to) {
		Map<String, Integer> index = new HashMap<>( ( to - from ) * 4 / 3 + 1 );
		for ( int i = from; i < to; i++ ) {
			index.put( workload.sku[i], i );
		}
		return index;
	}

	// ------------------------------------------------------------------------------------------------ jOOQ

	private static final Table<?> ITEM = DSL.table( DSL.name( "bench_item" ) );
	private static final Field<Long> ID = DSL.field( DSL.name( "id" ), SQLDataType.BIGINT );
	private static final Field<String> SKU = DSL.field( DSL.name( "sku" ), SQLDataType.VARCHAR );
	private static final Field<Integer> QUANTITY = DSL.field( DSL.name( "quantity" ), SQLDataType.INTEGER );
	private static final Field<String> LABEL = DSL.field( DSL.name( "label" ), SQLDataType.VARCHAR );
	private static final Field<OffsetDateTime> UPDATED_AT = DSL.field( DSL.name( "updated_at" ), SQLDataType.TIMESTAMPWITHTIMEZONE );

	private DSLContext jooq() {
		// no execute logging: jOOQ's LoggerListener would only log at DEBUG, this saves it the check
		return DSL.using( bench.jdbc, SQLDialect.POSTGRES, new Settings().withExecuteLogging( false ) );
	}

	/** jOOQ's recommended bulk form: one multi-row INSERT ... VALUES per chunk of 1,000 rows, RETURNING id, sku. */
	private final class JooqValues implements Bench.Variant {
		public String id() {
			return "jooq-values";
		}

		public String title() {
			return "jOOQ " + JOOQ_VERSION + " multi-row VALUES ×" + Bench.CHUNK + " ... ON CONFLICT ... RETURNING id, sku → ids";
		}

		public boolean hibernate() {
			return false;
		}

		public Bench.Timed prepare(Workload workload) {
			return () -> {
				DSLContext ctx = jooq();
				long[] ids = new long[workload.n];
				for ( int from = 0; from < workload.n; from += Bench.CHUNK ) {
					int to = Math.min( workload.n, from + Bench.CHUNK );
					InsertValuesStep4<?, String, Integer, String, OffsetDateTime> insert = ctx.insertInto( ITEM, SKU, QUANTITY, LABEL, UPDATED_AT );
					for ( int i = from; i < to; i++ ) {
						insert = insert.values( workload.sku[i], workload.quantity[i], workload.label[i], workload.updatedAt[i] );
					}
					Map<String, Integer> index = index( workload, from, to );
					for ( Record2<Long, String> row : insert.onConflict( SKU ).doUpdate()
							.set( QUANTITY, DSL.excluded( QUANTITY ) )
							.set( LABEL, DSL.excluded( LABEL ) )
							.set( UPDATED_AT, DSL.excluded( UPDATED_AT ) )
							.returningResult( ID, SKU ).fetch() ) {
						ids[index.get( row.value2() )] = row.value1();
					}
				}
				bench.jdbc.commit();
				return ids;
			};
		}
	}

	/** jOOQ's batch API: one prepared INSERT ... ON CONFLICT, bound per row, executed per 1,000 rows; no ids. */
	private final class JooqBatch implements Bench.Variant {
		public String id() {
			return "jooq-batch";
		}

		public String title() {
			return "jOOQ " + JOOQ_VERSION + " batch API ×" + Bench.CHUNK + ", INSERT ... ON CONFLICT (no ids)";
		}

		public boolean hibernate() {
			return false;
		}

		public boolean returnsIds() {
			return false;
		}

		public Bench.Timed prepare(Workload workload) {
			return () -> {
				DSLContext ctx = jooq();
				var statement = ctx.insertInto( ITEM, SKU, QUANTITY, LABEL, UPDATED_AT )
						.values( (String) null, (Integer) null, (String) null, (OffsetDateTime) null )
						.onConflict( SKU ).doUpdate()
						.set( QUANTITY, DSL.excluded( QUANTITY ) )
						.set( LABEL, DSL.excluded( LABEL ) )
						.set( UPDATED_AT, DSL.excluded( UPDATED_AT ) );
				for ( int from = 0; from < workload.n; from += Bench.CHUNK ) {
					int to = Math.min( workload.n, from + Bench.CHUNK );
					BatchBindStep batch = ctx.batch( statement );
					for ( int i = from; i < to; i++ ) {
						batch = batch.bind( workload.sku[i], workload.quantity[i], workload.label[i], workload.updatedAt[i] );
					}
					batch.execute();
				}
				bench.jdbc.commit();
				return null;
			};
		}
	}

	// ------------------------------------------------------------------------------------------------ JDBC with ids

	/**
	 * Hand-written JDBC, ids in input order: per 10,000 rows one INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT
	 * ... RETURNING id, sku, the returned rows matched to input positions by key in a HashMap (faster than a join on
	 * the ordinality in SQL, in an independent harness's measurements).
	 */
	private final class JdbcUnnestIds implements Bench.Variant {
		public String id() {
			return "jdbc-unnest-ids";
		}

		public String title() {
			return "hand-written JDBC unnest arrays ×" + ARRAY_CHUNK + " ... RETURNING id, sku, matched in Java → ids";
		}

		public boolean hibernate() {
			return false;
		}

		public Bench.Timed prepare(Workload workload) {
			return () -> {
				Connection c = bench.jdbc;
				long[] ids = new long[workload.n];
				try ( PreparedStatement ps = c.prepareStatement( "INSERT INTO bench_item (sku, quantity, label, updated_at)"
						+ " SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS int4[]), CAST(? AS text[]), CAST(? AS timestamptz[]))"
						+ SET_EXCLUDED + " RETURNING id, sku" ) ) {
					for ( int from = 0; from < workload.n; from += ARRAY_CHUNK ) {
						int to = Math.min( workload.n, from + ARRAY_CHUNK );
						int[] quantity = new int[to - from];
						String[] at = new String[to - from];
						for ( int i = from; i < to; i++ ) {
							quantity[i - from] = workload.quantity[i];
							at[i - from] = workload.updatedAt[i].toString(); // ISO-8601, which timestamptz reads
						}
						Array skus = c.createArrayOf( "text", java.util.Arrays.copyOfRange( workload.sku, from, to ) );
						Array quantities = c.unwrap( PGConnection.class ).createArrayOf( "int4", quantity ); // primitive: sent binary
						Array labels = c.createArrayOf( "text", java.util.Arrays.copyOfRange( workload.label, from, to ) );
						Array times = c.createArrayOf( "text", at );
						ps.setArray( 1, skus );
						ps.setArray( 2, quantities );
						ps.setArray( 3, labels );
						ps.setArray( 4, times );
						Map<String, Integer> index = index( workload, from, to );
						try ( ResultSet rs = ps.executeQuery() ) {
							match( rs, index, ids );
						}
					}
				}
				c.commit();
				return ids;
			};
		}
	}

	/**
	 * Hand-written JDBC, ids in input order: COPY (binary) into a temporary table, then one INSERT ... SELECT ... ON
	 * CONFLICT ... RETURNING id, sku, matched to input positions by key in a HashMap.
	 */
	private final class JdbcCopyIds implements Bench.Variant {
		public String id() {
			return "jdbc-copy-ids";
		}

		public String title() {
			return "hand-written JDBC COPY (binary) into a temp table, one INSERT ... SELECT ... RETURNING id, sku → ids";
		}

		public boolean hibernate() {
			return false;
		}

		public Bench.Timed prepare(Workload workload) {
			return () -> {
				Connection c = bench.jdbc;
				try ( Statement st = c.createStatement() ) {
					st.execute( "CREATE TEMPORARY TABLE bench_in (sku text, quantity int4, label text, updated_at timestamptz)"
							+ " ON COMMIT DROP" );
				}
				copyBinary( c, workload );
				long[] ids = new long[workload.n];
				Map<String, Integer> index = index( workload, 0, workload.n );
				try ( PreparedStatement ps = c.prepareStatement( "INSERT INTO bench_item (sku, quantity, label, updated_at)"
						+ " SELECT sku, quantity, label, updated_at FROM bench_in" + SET_EXCLUDED + " RETURNING id, sku" ) ) {
					ps.setFetchSize( ARRAY_CHUNK ); // a cursor over the returned rows: a million need not sit in memory at once
					try ( ResultSet rs = ps.executeQuery() ) {
						match( rs, index, ids );
					}
				}
				c.commit();
				return ids;
			};
		}
	}

	/** COPY ... FROM STDIN (FORMAT binary) of the input into bench_in, in 64 KiB writes. */
	static void copyBinary(Connection c, Workload workload) throws SQLException, IOException {
		CopyIn copy = c.unwrap( PGConnection.class ).getCopyAPI()
				.copyIn( "COPY bench_in (sku, quantity, label, updated_at) FROM STDIN (FORMAT binary)" );
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream( 64 * 1024 + 1024 );
			DataOutputStream out = new DataOutputStream( bytes );
			out.write( new byte[] { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 } );
			out.writeInt( 0 ); // flags
			out.writeInt( 0 ); // header extension length
			for ( int i = 0; i < workload.n; i++ ) {
				out.writeShort( 4 );
				byte[] sku = workload.sku[i].getBytes( java.nio.charset.StandardCharsets.UTF_8 );
				out.writeInt( sku.length );
				out.write( sku );
				out.writeInt( 4 );
				out.writeInt( workload.quantity[i] );
				byte[] label = workload.label[i].getBytes( java.nio.charset.StandardCharsets.UTF_8 );
				out.writeInt( label.length );
				out.write( label );
				OffsetDateTime at = workload.updatedAt[i];
				out.writeInt( 8 );
				out.writeLong( ( at.toEpochSecond() - PG_EPOCH_SECONDS ) * 1_000_000L + at.getNano() / 1_000 );
				if ( bytes.size() >= 64 * 1024 ) {
					copy.writeToCopy( bytes.toByteArray(), 0, bytes.size() );
					bytes.reset();
				}
			}
			out.writeShort( -1 );
			copy.writeToCopy( bytes.toByteArray(), 0, bytes.size() );
			copy.endCopy();
		}
		finally {
			if ( copy.isActive() ) {
				copy.cancelCopy();
			}
		}
	}

	// ------------------------------------------------------------------------------------------------ Spring Data JPA

	/**
	 * What a Spring Data JPA user writes: per chunk of 1,000 rows, {@code findBySkuIn}, set the values of the found
	 * entities, new entities for the others, {@code saveAll}, then flush and clear (so that later flushes do not
	 * dirty-check ever more entities). The repository comes from {@link JpaRepositoryFactory} on the transaction's
	 * EntityManager, made before the clock starts, as an application makes it at start-up.
	 */
	private final class SpringSaveAll implements Bench.Variant {
		public String id() {
			return "spring-saveall";
		}

		public String title() {
			return "Spring Data JPA findBySkuIn + saveAll ×" + Bench.CHUNK + ", flush / clear";
		}

		public Bench.Timed prepare(Workload workload) {
			EntityManager em = bench.factory.createEntityManager();
			BenchItemRepository repository = new JpaRepositoryFactory( em ).getRepository( BenchItemRepository.class );
			return () -> {
				try {
					em.getTransaction().begin();
					long[] ids = new long[workload.n];
					for ( int from = 0; from < workload.n; from += Bench.CHUNK ) {
						int to = Math.min( workload.n, from + Bench.CHUNK );
						Collection<String> skus = java.util.Arrays.asList( workload.sku ).subList( from, to );
						Map<String, BenchItem> existing = new HashMap<>();
						for ( BenchItem item : repository.findBySkuIn( skus ) ) {
							existing.put( item.getSku(), item );
						}
						List<BenchItem> toSave = new ArrayList<>( to - from );
						for ( int i = from; i < to; i++ ) {
							BenchItem item = existing.get( workload.sku[i] );
							if ( item == null ) {
								item = new BenchItem( workload.sku[i], workload.quantity[i], workload.label[i], workload.updatedAt[i] );
							}
							else {
								item.assign( workload.quantity[i], workload.label[i], workload.updatedAt[i] );
							}
							toSave.add( item );
						}
						List<BenchItem> saved = repository.saveAll( toSave );
						repository.flush();
						em.clear();
						for ( int i = from; i < to; i++ ) {
							ids[i] = saved.get( i - from ).getId();
						}
					}
					em.getTransaction().commit();
					return ids;
				}
				finally {
					if ( em.getTransaction().isActive() ) {
						em.getTransaction().rollback();
					}
					em.close();
				}
			};
		}
	}

	// ------------------------------------------------------------------------------------------------ HQL

	private static final String HQL_INSERT = "insert into BenchItem (sku, quantity, label, updatedAt) values ";
	private static final String HQL_CONFLICT = " on conflict(sku) do update set quantity = excluded.quantity,"
			+ " label = excluded.label, updatedAt = excluded.updatedAt";

	/** Hibernate's HQL insert ... on conflict do update, one statement with 1,000 value tuples per chunk; no ids. */
	private final class HqlInsertValues implements Bench.Variant {
		public String id() {
			return "hql-values";
		}

		public String title() {
			return "Hibernate HQL insert ... values ×" + Bench.CHUNK + " tuples ... on conflict do update (no ids)";
		}

		public boolean returnsIds() {
			return false;
		}

		public Bench.Timed prepare(Workload workload) {
			return () -> bench.inTransaction( em -> {
				for ( int from = 0; from < workload.n; from += Bench.CHUNK ) {
					int to = Math.min( workload.n, from + Bench.CHUNK );
					StringBuilder hql = new StringBuilder( HQL_INSERT );
					for ( int i = from, p = 1; i < to; i++, p += 4 ) {
						hql.append( i == from ? "" : ", " ).append( "(?" ).append( p ).append( ", ?" ).append( p + 1 )
								.append( ", ?" ).append( p + 2 ).append( ", ?" ).append( p + 3 ).append( ')' );
					}
					MutationQuery query = em.unwrap( org.hibernate.Session.class ).createMutationQuery( hql.append( HQL_CONFLICT ).toString() );
					for ( int i = from, p = 1; i < to; i++, p += 4 ) {
						query.setParameter( p, workload.sku[i] );
						query.setParameter( p + 1, workload.quantity[i] );
						query.setParameter( p + 2, workload.label[i] );
						query.setParameter( p + 3, workload.updatedAt[i] );
					}
					query.executeUpdate();
				}
				return null;
			} );
		}
	}

	/** Hibernate's HQL insert ... on conflict do update, one executeUpdate per row (HQL is not JDBC-batched); no ids. */
	private final class HqlInsertRow implements Bench.Variant {
		public String id() {
			return "hql-row";
		}

		public String title() {
			return "Hibernate HQL insert ... values (one row) ... on conflict do update, per row (no ids)";
		}

		public boolean returnsIds() {
			return false;
		}

		public Bench.Timed prepare(Workload workload) {
			return () -> bench.inTransaction( em -> {
				MutationQuery query = em.unwrap( org.hibernate.Session.class )
						.createMutationQuery( HQL_INSERT + "(:sku, :quantity, :label, :updatedAt)" + HQL_CONFLICT );
				for ( int i = 0; i < workload.n; i++ ) {
					query.setParameter( "sku", workload.sku[i] )
							.setParameter( "quantity", workload.quantity[i] )
							.setParameter( "label", workload.label[i] )
							.setParameter( "updatedAt", workload.updatedAt[i] )
							.executeUpdate();
				}
				return null;
			} );
		}
	}
}
