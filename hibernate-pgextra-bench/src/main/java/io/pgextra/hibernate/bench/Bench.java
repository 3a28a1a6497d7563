package io.pgextra.hibernate.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.testing.PostgresDatabase;

import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Version;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.persister.entity.EntityPersister;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import jakarta.persistence.EntityManager;

/**
 * Upsert benchmarks: every variant in one JVM, against one PostgreSQL, interleaved round-robin, medians of the
 * repetitions. Not a test: run it with {@code -Dpgextra.bench=MODE} (see BENCHMARKS.md):
 * <ul>
 *   <li>{@code full}: a warm-up round, then {@code pgextra.bench.reps} (5) repetitions of every bulk variant for every
 *       size ({@code pgextra.bench.sizes}, 1000,10000,100000,1000000; at most {@code pgextra.bench.rowBudget}
 *       rows per variant and size, so two runs of a million), half present, then single-row latency, then the
 *       report with the targets of issue 13 and two PNG plots ({@link Charts});</li>
 *   <li>{@code smoke}: tiny sizes, one repetition, correctness checks only (what {@code .ci/run} runs);</li>
 *   <li>{@code single}: only the single-row latency;</li>
 *   <li>{@code memory}: one {@code bulkUpsert} of {@code pgextra.bench.rows} (1,000,000) rows, from entities
 *       ({@code pgextra.bench.memoryInput=maps}: {@code bulkUpsertMaps}), reporting heap and server backend memory;
 *       run it with {@code MAVEN_OPTS=-Xmx512m}, the heap of issue 13's target.</li>
 * </ul>
 * {@code -Dpgextra.bench.copyThreshold=N} sets the main factory's {@code copy_threshold}: side by side with the
 * "COPY off" variant ({@code pgx-ids-maps-unnest}) it measures from which size COPY wins.
 * Each run starts from a reset table (truncate, preload, {@code VACUUM ANALYZE}) outside the timed part; the timed
 * part is begin, the operation, commit. After each run the table is checked (row count, values, that returned ids are
 * the rows' ids in input order, that preloaded rows kept their ids); a failed check throws, which fails the build.
 * <p>
 * Ratios are throughput ratios, computed from medians: "x COPY" is (rows/s of the variant) / (rows/s of COPY), that
 * is median time of COPY / median time of the variant; above 1 is faster than COPY.
 */
public final class Bench {

	/** Dropped and created by the benchmark: two runs against one server need two schemas. */
	static final String SCHEMA = System.getProperty( "pgextra.bench.schema", "pgextra_bench" );
	static final ConflictTarget SKU = ConflictTarget.attributes( "sku" );
	/** Rows per round of the Hibernate and JDBC loops: one lookup query, one flush, one JDBC batch. */
	static final int CHUNK = 1_000;
	/** The bulk variant all ratios refer to besides COPY. */
	static final String REFERENCE = "pgx-ids-maps";

	/** A variant: builds its input outside the timed part, returns what is timed. */
	interface Variant {
		String id();

		String title();

		/** @return {@code true} when it writes {@code bench_copy} instead of {@code bench_item} */
		default boolean copyTable() {
			return false;
		}

		/** @return {@code true} when Hibernate prepares its statements (they are counted) */
		default boolean hibernate() {
			return true;
		}

		/** @return {@code false} when the variant returns no ids (its result is checked in the table only) */
		default boolean returnsIds() {
			return true;
		}

		Timed prepare(Workload workload);
	}

	/** The timed part of one run. */
	interface Timed {
		/** @return the id of each input row's row, in input order, or {@code null} when the variant returns none */
		long[] run() throws Exception;
	}

	private final String mode;
	private final PostgresDatabase database;
	private final String url;
	private final AtomicLong statements = new AtomicLong();
	SessionFactory factory;
	private SessionFactory unnestFactory;
	private Connection admin;
	/** The hand-written JDBC variants' connection (auto-commit off), same URL as Hibernate's pool. */
	Connection jdbc;
	private final StringBuilder report = new StringBuilder();
	private String serverVersion = "?";
	private long started;
	/** Half-present bulk results by size, for the summary and the plot. */
	private final Map<Integer, Map<String, Stats>> throughput = new LinkedHashMap<>();
	private List<Variant> measured = List.of();
	/** Single-row results: loopback, then through the proxy. */
	private final Map<String, Map<String, Double>> latency = new LinkedHashMap<>();

	private Bench(String mode) {
		this.mode = mode;
		this.database = PostgresDatabase.get();
		// one URL for every variant: Hibernate's pool, the hand-written JDBC batch and COPY
		this.url = database.jdbcUrl( SCHEMA ) + "&reWriteBatchedInserts=true";
	}

	public static void main(String[] args) throws Exception {
		// quiet Hibernate's INFO lines; the report goes to stdout
		System.setProperty( "org.jboss.logging.provider", "slf4j" );
		System.setProperty( "java.awt.headless", "true" ); // the plots are drawn off screen
		System.setProperty( "org.jooq.no-logo", "true" );
		System.setProperty( "org.jooq.no-tips", "true" );
		System.setProperty( "org.slf4j.simpleLogger.defaultLogLevel", "warn" );
		System.setProperty( "org.slf4j.simpleLogger.log.io.pgextra", "info" );
		String mode = System.getProperty( "pgextra.bench", "full" ).trim();
		if ( mode.isEmpty() || mode.equals( "true" ) ) {
			mode = "full";
		}
		if ( !List.of( "full", "smoke", "single", "memory" ).contains( mode ) ) {
			throw new IllegalArgumentException( "-Dpgextra.bench=" + mode + ": expected full, smoke, single or memory" );
		}
		Bench bench = new Bench( mode );
		try {
			bench.start();
			bench.run();
		}
		finally {
			bench.stop();
		}
	}

	// ---------------------------------------------------------------------------------------- setup

	private void start() throws SQLException {
		admin = connect();
		admin.setAutoCommit( true );
		try ( Statement st = admin.createStatement() ) {
			st.execute( "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE" );
			st.execute( "CREATE SCHEMA " + SCHEMA );
			// the sequence starts high: preloaded rows get negative ids, never equal to a generated one
			st.execute( "CREATE SEQUENCE bench_item_seq START WITH 1000000 INCREMENT BY 1000" );
			st.execute( """
					CREATE TABLE bench_item (
					    id bigint PRIMARY KEY DEFAULT nextval('bench_item_seq'),
					    sku text NOT NULL CONSTRAINT bench_item_sku_key UNIQUE,
					    quantity integer NOT NULL,
					    label text,
					    updated_at timestamptz
					)""" );
			// COPY's table: the same columns and indexes, always loaded empty
			st.execute( "CREATE TABLE bench_copy (LIKE bench_item INCLUDING ALL)" );
		}
		jdbc = connect();
		jdbc.setAutoCommit( false );
		// -Dpgextra.bench.copyThreshold: the main factory's copy_threshold, to measure where COPY starts to win
		// against the "COPY off" variant (unset: the library's default)
		String copyThreshold = System.getProperty( "pgextra.bench.copyThreshold" );
		factory = copyThreshold == null ? buildFactory( url )
				: buildFactory( url, Map.of( io.pgextra.hibernate.ConflictSettings.COPY_THRESHOLD, copyThreshold ) );
	}

	private SessionFactory buildFactory(String jdbcUrl) {
		return buildFactory( jdbcUrl, Map.of() );
	}

	/**
	 * The factory of the variant that never uses COPY ({@code copy_threshold} 0), built on first use: side by side
	 * with the default in one run, that is how the threshold is measured.
	 */
	SessionFactory unnestFactory() {
		if ( unnestFactory == null ) {
			unnestFactory = buildFactory( url, Map.of( io.pgextra.hibernate.ConflictSettings.COPY_THRESHOLD, "0" ) );
		}
		return unnestFactory;
	}

	private SessionFactory buildFactory(String jdbcUrl, Map<String, String> extra) {
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "pgextra-bench" )
				.managedClass( BenchItem.class )
				.jdbcUrl( jdbcUrl )
				.jdbcCredentials( database.user(), database.password() )
				.jdbcPoolSize( 2 )
				.statementInspector( sql -> {
					statements.incrementAndGet();
					return sql;
				} )
				.property( AvailableSettings.HBM2DDL_AUTO, "none" )
				// JDBC batching on, as a Hibernate user who loads in bulk configures it
				.property( AvailableSettings.STATEMENT_BATCH_SIZE, String.valueOf( CHUNK ) )
				.property( AvailableSettings.ORDER_INSERTS, "true" )
				.property( AvailableSettings.ORDER_UPDATES, "true" );
		extra.forEach( configuration::property );
		return configuration.createEntityManagerFactory().unwrap( SessionFactory.class );
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty( "user", database.user() );
		properties.setProperty( "password", database.password() );
		return DriverManager.getConnection( url, properties );
	}

	private void stop() throws SQLException {
		if ( factory != null ) {
			factory.close();
			if ( unnestFactory != null ) {
				unnestFactory.close();
			}
		}
		if ( jdbc != null ) {
			jdbc.close();
		}
		if ( admin != null ) {
			try ( Statement st = admin.createStatement() ) {
				st.execute( "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE" );
			}
			admin.close();
		}
	}

	// ---------------------------------------------------------------------------------------- runs

	private void run() throws Exception {
		header();
		switch ( mode ) {
			case "smoke" -> {
				bulk( List.of( 300 ), 1, 0 );
				single( 40, 1, 0, "" );
				line( "Smoke pass: every variant ran and passed its correctness checks (" + checks + " checked runs);"
						+ " the times above are not measurements (one cold repetition)." );
			}
			case "single" -> {
				single( integer( "pgextra.bench.calls", 2_000 ), integer( "pgextra.bench.reps", 9 ), 2, "" );
				overNetwork( integer( "pgextra.bench.reps", 9 ) );
			}
			case "memory" -> memory( integer( "pgextra.bench.rows", 1_000_000 ) );
			default -> {
				List<Integer> sizes = new ArrayList<>();
				for ( String size : System.getProperty( "pgextra.bench.sizes", "1000,10000,100000,1000000" ).split( "," ) ) {
					sizes.add( Integer.parseInt( size.trim() ) );
				}
				int reps = integer( "pgextra.bench.reps", 5 );
				bulk( sizes, reps, integer( "pgextra.bench.warmup", 1 ) );
				single( integer( "pgextra.bench.calls", 2_000 ), Math.max( reps, 9 ), 2, "" );
				overNetwork( Math.max( reps, 9 ) );
			}
		}
		summary();
		line( String.format( Locale.ROOT, "Run time %.1f min; load average (1, 5, 15 min) at the end: %s.",
				( System.nanoTime() - started ) / 60e9, loadAverage() ) );
		line( "" );
		write();
	}

	private void header() throws SQLException {
		String server;
		try ( Statement st = admin.createStatement(); ResultSet rs = st.executeQuery( "SELECT version()" ) ) {
			rs.next();
			server = rs.getString( 1 );
		}
		try ( Statement st = admin.createStatement(); ResultSet rs = st.executeQuery( "SHOW server_version" ) ) {
			rs.next();
			serverVersion = rs.getString( 1 ).replaceAll( " .*", "" );
		}
		line( "# hibernate-pgextra benchmark (" + mode + ")" );
		line( "" );
		line( "- date: " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs seen by the JVM, max heap "
				+ Runtime.getRuntime().maxMemory() / ( 1024 * 1024 ) + " MiB" );
		line( "- JVM: " + System.getProperty( "java.vm.name" ) + " " + System.getProperty( "java.runtime.version" ) );
		line( "- Hibernate ORM " + Version.getVersionString() + ", PostgreSQL JDBC " + org.postgresql.util.DriverInfo.DRIVER_VERSION );
		line( "- server: " + server + " (" + database.description() + ")" );
		line( "- JDBC URL options: reWriteBatchedInserts=true; Hibernate: hibernate.jdbc.batch_size=" + CHUNK
				+ ", order_inserts, order_updates" );
		line( "- load average (1, 5, 15 min) at the start: " + loadAverage() );
		started = System.nanoTime();
		line( "" );
	}

	private List<Variant> bulkVariants() {
		Map<String, Variant> peers = new LinkedHashMap<>();
		for ( Variant peer : new PeerVariants( this ).all() ) {
			peers.put( peer.id(), peer );
		}
		List<Variant> variants = new ArrayList<>( List.of(
				new PgxIdsMaps(), new PgxIdsMapsUnnest(), new PgxIdsEntities(), new PgxManaged(), peers.get( "jooq-values" ), peers.get( "jooq-batch" ),
				peers.get( "jdbc-unnest-ids" ), peers.get( "jdbc-copy-ids" ), new JdbcBatch(), peers.get( "hql-values" ),
				peers.get( "hql-row" ), new EntityManagerLoop(), peers.get( "spring-saveall" ), new StatelessUpsert(), new Copy() ) );
		String only = System.getProperty( "pgextra.bench.variants" );
		if ( only != null && !only.isBlank() ) {
			List<String> ids = Arrays.asList( only.split( "," ) );
			variants.removeIf( v -> !ids.contains( v.id() ) );
		}
		else if ( !mode.equals( "smoke" ) ) {
			// HQL per row: measured slower than the multi-tuple form at every size (see BENCHMARKS.md); smoke checks it
			variants.removeIf( v -> v.id().equals( "hql-row" ) );
		}
		return variants;
	}

	private void bulk(List<Integer> sizes, int reps, int warmup) throws Exception {
		List<Variant> variants = bulkVariants();
		measured = variants;
		// a variant whose first run takes longer than this runs only once in that configuration
		long timeLimitNanos = integer( "pgextra.bench.timeLimitSeconds", 30 ) * 1_000_000_000L;
		List<Boolean> scenarios = new ArrayList<>();
		// the full run: half present only (the scenario), so that four sizes fit in 20 minutes
		String scenarioFilter = System.getProperty( "pgextra.bench.scenarios", mode.equals( "smoke" ) ? "new,half" : "half" );
		// at most this many rows per variant and configuration: fewer repetitions of the largest size
		// (2,000,000: two runs of the million-row size, five of 100,000; a full run takes 15-20 minutes here)
		long rowBudget = integer( "pgextra.bench.rowBudget", 2_000_000 );
		if ( scenarioFilter.contains( "new" ) ) {
			scenarios.add( false );
		}
		if ( scenarioFilter.contains( "half" ) ) {
			scenarios.add( true );
		}
		if ( warmup > 0 ) {
			// JIT and caches: every variant, both scenarios, on the smallest size; nothing recorded
			int largest = sizes.stream().mapToInt( Integer::intValue ).max().orElse( 1 );
			Workload small = new Workload( Math.min( 10_000, largest ), true, 1 );
			Workload smallNew = new Workload( small.n, false, 1 );
			for ( int w = 0; w < warmup; w++ ) {
				for ( Variant variant : variants ) {
					once( variant, small );
					once( variant, smallNew );
				}
			}
			progress( "warm-up done (" + warmup + " rounds of " + small.n + " rows)" );
		}
		for ( int size : sizes ) {
			for ( boolean half : scenarios ) {
				Workload workload = new Workload( size, half, 42 );
				Map<String, Stats> stats = new LinkedHashMap<>();
				for ( Variant variant : variants ) {
					stats.put( variant.id(), new Stats() );
				}
				int sizeReps = (int) Math.max( 1, Math.min( reps, rowBudget / size ) );
				for ( int rep = 0; rep < sizeReps; rep++ ) {
					// round robin, rotated each repetition so that no variant always follows the same one
					for ( int k = 0; k < variants.size(); k++ ) {
						Variant variant = variants.get( ( k + rep ) % variants.size() );
						Stats s = stats.get( variant.id() );
						if ( s.count() > 0 && s.nanos( 0 ) > timeLimitNanos ) {
							continue; // far off the others; more repetitions would not change the verdict
						}
						long[] result = once( variant, workload );
						s.add( result[0], result[1], result[2] );
						if ( size >= 100_000 ) {
							progress( String.format( Locale.ROOT, "  %s: %.1f s", variant.id(), result[0] / 1e9 ) );
						}
					}
					progress( size + " rows, " + workload.scenario() + ": repetition " + ( rep + 1 ) + "/" + sizeReps + " done" );
				}
				table( workload, variants, stats );
				if ( half ) {
					throughput.put( size, stats );
				}
			}
		}
	}

	private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** @return {elapsed nanos, statements prepared by Hibernate, CPU nanos of this thread} of one checked run */
	private long[] once(Variant variant, Workload workload) throws Exception {
		Map<String, Long> preloaded = reset( workload );
		Timed timed = variant.prepare( workload );
		System.gc(); // garbage of the previous run is not this run's
		long statementsBefore = statements.get();
		long cpuBefore = THREADS.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long[] ids = timed.run();
		long elapsed = System.nanoTime() - start;
		long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
		long prepared = variant.hibernate() ? statements.get() - statementsBefore : -1;
		check( variant, workload, ids, preloaded );
		return new long[] { elapsed, prepared, cpu };
	}

	// ---------------------------------------------------------------------------------------- reset and check

	/** Truncates both tables, preloads the present rows (negative ids), VACUUM ANALYZE; returns preloaded ids. */
	private Map<String, Long> reset(Workload workload) throws SQLException, IOException {
		try ( Statement st = admin.createStatement() ) {
			st.execute( "TRUNCATE bench_item, bench_copy" );
			Map<String, Long> preloaded = new HashMap<>();
			if ( workload.half ) {
				StringBuilder text = new StringBuilder();
				for ( int i = 0; i < workload.n; i++ ) {
					if ( workload.present( i ) ) {
						long id = -( i + 1L );
						preloaded.put( workload.sku[i], id );
						copyLine( text, id, workload.sku[i], workload.oldQuantity( i ), workload.oldLabel( i ),
								workload.oldUpdatedAt( i ) );
					}
				}
				admin.unwrap( PGConnection.class ).getCopyAPI().copyIn(
						"COPY bench_item (id, sku, quantity, label, updated_at) FROM STDIN",
						new java.io.StringReader( text.toString() ) );
			}
			st.execute( "VACUUM ANALYZE bench_item" );
			st.execute( "VACUUM ANALYZE bench_copy" );
			return preloaded;
		}
	}

	/**
	 * Streams the table and compares it with the input: as many rows as input rows, each row's values are the
	 * input's, returned ids are the rows' ids in input order, and preloaded rows were updated in place (same id).
	 */
	private void check(Variant variant, Workload workload, long[] ids, Map<String, Long> preloaded) throws SQLException {
		String table = variant.copyTable() ? "bench_copy" : "bench_item";
		Map<String, Integer> index = new HashMap<>( workload.n * 2 );
		for ( int i = 0; i < workload.n; i++ ) {
			index.put( workload.sku[i], i );
		}
		if ( ids != null && ids.length != workload.n ) {
			fail( variant, workload, ids.length + " ids returned for " + workload.n + " input rows" );
		}
		boolean[] seen = new boolean[workload.n];
		int rows = 0;
		boolean autoCommit = admin.getAutoCommit();
		admin.setAutoCommit( false ); // a cursor: the check must not hold a million rows either
		try ( Statement st = admin.createStatement() ) {
			st.setFetchSize( 10_000 );
			try ( ResultSet rs = st.executeQuery( "SELECT sku, id, quantity, label, updated_at FROM " + table ) ) {
				while ( rs.next() ) {
					rows++;
					String sku = rs.getString( 1 );
					Integer i = index.get( sku );
					if ( i == null ) {
						fail( variant, workload, "unexpected row " + sku );
					}
					if ( seen[i] ) {
						fail( variant, workload, "two rows for " + sku );
					}
					seen[i] = true;
					long id = rs.getLong( 2 );
					OffsetDateTime at = rs.getObject( 5, OffsetDateTime.class );
					if ( rs.getInt( 3 ) != workload.quantity[i] || !workload.label[i].equals( rs.getString( 4 ) )
							|| at == null || !at.toInstant().equals( workload.updatedAt[i].toInstant() ) ) {
						fail( variant, workload, "row " + sku + " holds (" + rs.getInt( 3 ) + ", " + rs.getString( 4 ) + ", "
								+ at + "), input " + i + " is (" + workload.quantity[i] + ", " + workload.label[i] + ", "
								+ workload.updatedAt[i] + ")" );
					}
					if ( ids != null && ids[i] != id ) {
						fail( variant, workload, "input row " + i + " (" + sku + ") got id " + ids[i] + ", its row has id " + id );
					}
					Long before = preloaded.get( sku );
					if ( !variant.copyTable() && before != null && before != id ) {
						fail( variant, workload, "preloaded row " + sku + " changed id from " + before + " to " + id );
					}
				}
			}
			admin.commit();
		}
		finally {
			admin.setAutoCommit( autoCommit );
		}
		if ( rows != workload.n ) {
			fail( variant, workload, rows + " rows in " + table + ", expected " + workload.n );
		}
		checks++;
	}

	private int checks;

	private static void fail(Variant variant, Workload workload, String message) {
		throw new IllegalStateException( "Correctness check failed for " + variant.id() + " (" + workload.n + " rows, "
				+ workload.scenario() + "): " + message );
	}

	// ---------------------------------------------------------------------------------------- helpers

	<R> R inTransaction(Function<EntityManager, R> work) {
		return inTransaction( factory, work );
	}

	<R> R inTransaction(SessionFactory factory, Function<EntityManager, R> work) {
		EntityManager em = factory.createEntityManager();
		try {
			em.getTransaction().begin();
			R result = work.apply( em );
			em.getTransaction().commit();
			return result;
		}
		catch (RuntimeException | Error e) {
			if ( em.getTransaction().isActive() ) {
				em.getTransaction().rollback();
			}
			throw e;
		}
		finally {
			em.close();
		}
	}

	static long[] ids(List<?> values, Function<Object, Object> id) {
		long[] ids = new long[values.size()];
		for ( int i = 0; i < ids.length; i++ ) {
			ids[i] = ( (Number) id.apply( values.get( i ) ) ).longValue();
		}
		return ids;
	}

	/** One line of COPY's text format; the benchmark's values never need more escaping than this. */
	static void copyLine(StringBuilder text, long id, String sku, int quantity, String label, OffsetDateTime at) {
		text.append( id ).append( '\t' );
		escape( text, sku );
		text.append( '\t' ).append( quantity ).append( '\t' );
		escape( text, label );
		text.append( '\t' ).append( at ).append( '\n' );
	}

	private static void escape(StringBuilder text, String value) {
		for ( int i = 0; i < value.length(); i++ ) {
			char c = value.charAt( i );
			switch ( c ) {
				case '\\' -> text.append( "\\\\" );
				case '\t' -> text.append( "\\t" );
				case '\n' -> text.append( "\\n" );
				case '\r' -> text.append( "\\r" );
				default -> text.append( c );
			}
		}
	}

	/** The machine's load average, when Linux tells it: the neighbours' share of the two cores. */
	private static String loadAverage() {
		try {
			String[] parts = Files.readString( Path.of( "/proc/loadavg" ) ).trim().split( "\\s+" );
			return parts[0] + ", " + parts[1] + ", " + parts[2];
		}
		catch (IOException | RuntimeException e) {
			return "not readable";
		}
	}

	private static int integer(String property, int fallback) {
		String value = System.getProperty( property );
		return value == null || value.isBlank() ? fallback : Integer.parseInt( value.trim() );
	}

	private void line(String text) {
		report.append( text ).append( '\n' );
		System.out.println( text );
	}

	private static void progress(String text) {
		System.err.println( "[bench] " + text );
	}

	private static Path targetDir() {
		return Files.isDirectory( Path.of( "hibernate-pgextra-bench" ) ) ? Path.of( "hibernate-pgextra-bench", "target" )
				: Path.of( "target" );
	}

	/** Rows/s by size for every variant (the plot's data), and where the plots are. */
	private void summary() {
		if ( throughput.isEmpty() ) {
			return;
		}
		line( "## Throughput by size (rows/s, medians, half present)" );
		line( "" );
		StringBuilder head = new StringBuilder( "| variant | ids |" );
		StringBuilder rule = new StringBuilder( "|---|---|" );
		for ( int size : throughput.keySet() ) {
			head.append( String.format( Locale.ROOT, " %,d rows |", size ) );
			rule.append( "---:|" );
		}
		line( head.toString() );
		line( rule.toString() );
		for ( Variant variant : measured ) {
			StringBuilder row = new StringBuilder( "| " + Charts.label( variant.id(), variant.title() ) + " | "
					+ ( variant.returnsIds() ? "yes" : "no" ) + " |" );
			for ( Map<String, Stats> stats : throughput.values() ) {
				Stats s = stats.get( variant.id() );
				int size = throughput.entrySet().stream().filter( e -> e.getValue() == stats ).findFirst().orElseThrow().getKey();
				row.append( s == null || s.count() == 0 ? " – |"
						: String.format( Locale.ROOT, " %,.0f%s |", size / ( s.medianMillis() / 1000 ),
								s.count() == 1 && throughput.get( size ).values().stream().anyMatch( o -> o.count() > 1 ) ? " (1 run)" : "" ) );
			}
			line( row.toString() );
		}
		line( "" );
		line( "![Upsert throughput against rows, log-log](docs/benchmarks-throughput.png)" );
		line( "" );
		if ( !latency.isEmpty() ) {
			line( "![Single-row upsert latency against find-then-persist](docs/benchmarks-latency.png)" );
			line( "" );
		}
		line( "(The plots are written next to this report as bench-" + mode + "-throughput.png and bench-" + mode
				+ "-latency.png; BENCHMARKS.md shows copies under docs/.)" );
		line( "" );
	}

	private void write() throws IOException {
		Path dir = targetDir();
		Files.createDirectories( dir );
		Path file = dir.resolve( "bench-" + mode + ".md" );
		Files.writeString( file, report.toString(), StandardCharsets.UTF_8 );
		progress( "report written to " + file.toAbsolutePath() );
		if ( !throughput.isEmpty() ) {
			Path png = dir.resolve( "bench-" + mode + "-throughput.png" );
			Charts.throughput( png, "JDK " + Runtime.version().feature() + ", PostgreSQL " + serverVersion + ", " + LocalDate.now(),
					throughput, measured );
			progress( "plot written to " + png.toAbsolutePath() );
		}
		if ( !latency.isEmpty() ) {
			Path png = dir.resolve( "bench-" + mode + "-latency.png" );
			Charts.latency( png, latency );
			progress( "plot written to " + png.toAbsolutePath() );
		}
	}

	// ---------------------------------------------------------------------------------------- reporting

	private void table(Workload workload, List<Variant> variants, Map<String, Stats> stats) {
		int runs = 0;
		for ( Stats s : stats.values() ) {
			runs = Math.max( runs, s.count() );
		}
		line( "## " + String.format( Locale.ROOT, "%,d", workload.n ) + " rows, " + workload.scenario() + " ("
				+ runs + " repetitions)" );
		line( "" );
		line( "| variant | ids in input order | median ms | min–max ms | rows/s | x COPY | x bulkUpsert | statements | client CPU ms |" );
		line( "|---|---|---:|---:|---:|---:|---:|---:|---:|" );
		Stats copy = stats.get( "copy" );
		Stats reference = stats.get( REFERENCE );
		for ( Variant variant : variants ) {
			Stats s = stats.get( variant.id() );
			double median = s.medianMillis();
			line( String.format( Locale.ROOT, "| %s%s | %s | %.1f | %.1f–%.1f | %,.0f | %s | %s | %s | %.0f |", variant.title(),
					s.count() < runs ? " (" + s.count() + " run" + ( s.count() == 1 ? "" : "s" ) + ": over the time limit)" : "",
					variant.returnsIds() ? "yes" : "no", median,
					s.minMillis(), s.maxMillis(), workload.n / ( median / 1000 ),
					copy == null ? "–" : String.format( Locale.ROOT, "%.2f", copy.medianMillis() / median ),
					reference == null ? "–" : String.format( Locale.ROOT, "%.2f", reference.medianMillis() / median ),
					s.medianStatements() < 0 ? "–" : String.valueOf( s.medianStatements() ), s.medianCpuMillis() ) );
		}
		line( "" );
		if ( reference != null && workload.n >= 100_000 && workload.half ) {
			line( "Targets of issue 13 (" + String.format( Locale.ROOT, "%,d", workload.n ) + " rows, half present"
					+ ( workload.n == 100_000 ? "" : "; the targets are set at 100,000 rows, shown here for information" )
					+ "; ratios of medians, x = throughput of bulkUpsert → ids (maps) ÷ throughput of the other):" );
			line( "" );
			line( "| target | measured | verdict | median of per-repetition ratios |" );
			line( "|---|---:|---|---:|" );
			String fastestJdbc = faster( stats, "jdbc-unnest-ids", "jdbc-copy-ids" );
			if ( fastestJdbc != null ) {
				target( "bulkUpsert → ids ≥ 1.1x the fastest hand-written JDBC with ids (" + fastestJdbc + ")", stats, fastestJdbc, 1.1 );
			}
			target( "bulkUpsert → ids ≥ 1.0x hand-written JDBC batch (no ids)", stats, "jdbc-batch", 1.0 );
			target( "bulkUpsert → ids ≥ 1.5x jOOQ (multi-row VALUES → ids)", stats, "jooq-values", 1.5 );
			target( "bulkUpsert → ids ≥ 2.5x EntityManager loop", stats, "em-loop", 2.5 );
			target( "bulkUpsert → ids ≥ 2.5x Spring Data saveAll", stats, "spring-saveall", 2.5 );
			target( "bulkUpsert → ids ≥ 0.40x COPY", stats, "copy", 0.40 );
			Stats managed = stats.get( "pgx-managed" );
			if ( managed != null ) {
				double cost = managed.medianMillis() / reference.medianMillis();
				line( String.format( Locale.ROOT, "| managed entities ≤ 1.3x the time of ids | %.2fx | %s | %s |",
						cost, cost <= 1.3 ? "met" : missedBy( ( cost / 1.3 - 1 ) * 100 ),
						paired( managed, reference ) ) );
			}
			line( "" );
			Stats values = stats.get( "jooq-values" );
			Stats batch = stats.get( "jooq-batch" );
			if ( values != null && batch != null ) {
				line( String.format( Locale.ROOT, "jOOQ: multi-row VALUES (ids) %.1f ms, batch API (no ids) %.1f ms: the batch API is %.2fx"
						+ " the throughput of VALUES; the jOOQ target uses VALUES, jOOQ's faster form that returns ids.",
						values.medianMillis(), batch.medianMillis(), values.medianMillis() / batch.medianMillis() ) );
				line( "" );
			}
		}
	}

	/** How far from the target, in per cent; one decimal below 10 %, so that a near miss does not read "0 %". */
	private static String missedBy(double percent) {
		return String.format( Locale.ROOT, percent < 10 ? "missed by %.1f %%" : "missed by %.0f %%", percent );
	}

	/** The id of the variant with the smaller median time, of those that ran. */
	private static String faster(Map<String, Stats> stats, String a, String b) {
		Stats sa = stats.get( a );
		Stats sb = stats.get( b );
		if ( sa == null || sb == null ) {
			return sa != null ? a : sb != null ? b : null;
		}
		return sa.medianMillis() <= sb.medianMillis() ? a : b;
	}

	private void target(String name, Map<String, Stats> stats, String other, double wanted) {
		Stats o = stats.get( other );
		if ( o == null ) {
			return;
		}
		Stats reference = stats.get( REFERENCE );
		double ratio = o.medianMillis() / reference.medianMillis();
		line( String.format( Locale.ROOT, "| %s | %.2fx | %s | %s |", name, ratio,
				ratio >= wanted ? "met" : missedBy( ( 1 - ratio / wanted ) * 100 ),
				paired( o, reference ) ) );
	}

	/**
	 * The median of the per-repetition ratios {@code a / b}: the two runs of one repetition are minutes apart at
	 * most, so a slow phase of the machine shows in both. A check on the ratio of medians, not the verdict.
	 */
	private static String paired(Stats a, Stats b) {
		if ( a.count() != b.count() || a.count() < 2 ) {
			return "–";
		}
		List<Double> ratios = new ArrayList<>();
		for ( int r = 0; r < a.count(); r++ ) {
			ratios.add( (double) a.nanos( r ) / b.nanos( r ) );
		}
		return String.format( Locale.ROOT, "%.2fx", Stats.medianOfDoubles( ratios ) );
	}

	// ---------------------------------------------------------------------------------------- single row

	/**
	 * The single-row latency again, through a {@link DelayProxy} that adds {@code pgextra.bench.delayMicros} (250)
	 * each way: on loopback a round trip costs some tens of µs, across a network it costs hundreds.
	 */
	private void overNetwork(int reps) throws Exception {
		int delay = integer( "pgextra.bench.delayMicros", 250 );
		if ( delay <= 0 ) {
			return;
		}
		java.util.regex.Matcher m = java.util.regex.Pattern.compile( "jdbc:postgresql://([^:/?]+)(?::(\\d+))?/(.*)" )
				.matcher( url );
		if ( !m.matches() ) {
			progress( "no proxy for " + url );
			return;
		}
		try ( DelayProxy proxy = new DelayProxy( m.group( 1 ), m.group( 2 ) == null ? 5432 : Integer.parseInt( m.group( 2 ) ),
				delay ) ) {
			SessionFactory direct = factory;
			factory = buildFactory( "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + m.group( 3 ) );
			try {
				single( integer( "pgextra.bench.networkCalls", 500 ), reps, 1, ", through a proxy adding " + delay + " µs each way" );
			}
			finally {
				factory.close();
				factory = direct;
			}
		}
	}

	private void single(int calls, int reps, int warmup, String where) throws Exception {
		Workload workload = new Workload( calls, true, 7 );
		List<Variant> variants = List.of( new SingleUpsert(), new SingleUpsertEntity(), new FindThenPersist() );
		Map<String, Stats> stats = new LinkedHashMap<>();
		for ( Variant variant : variants ) {
			stats.put( variant.id(), new Stats() );
		}
		for ( int w = 0; w < warmup; w++ ) {
			for ( Variant variant : variants ) {
				once( variant, workload );
			}
		}
		for ( int rep = 0; rep < reps; rep++ ) {
			for ( int k = 0; k < variants.size(); k++ ) {
				Variant variant = variants.get( ( k + rep ) % variants.size() );
				long[] result = once( variant, workload );
				stats.get( variant.id() ).add( result[0], result[1], result[2] );
			}
		}
		progress( "single-row latency done" );
		line( "## Single-row latency: " + String.format( Locale.ROOT, "%,d", calls ) + " calls in one transaction, half present"
				+ where + " (" + reps + " repetitions)" );
		line( "" );
		line( "| variant | median µs per call | min–max µs per call | statements per call | x find-then-persist latency | client CPU µs per call |" );
		line( "|---|---:|---:|---:|---:|---:|" );
		double reference = stats.get( "find-then-persist" ).medianMillis();
		for ( Variant variant : variants ) {
			Stats s = stats.get( variant.id() );
			line( String.format( Locale.ROOT, "| %s | %.1f | %.1f–%.1f | %.3f | %.2f | %.1f |", variant.title(),
					s.medianMillis() * 1000 / calls, s.minMillis() * 1000 / calls, s.maxMillis() * 1000 / calls,
					(double) s.medianStatements() / calls, s.medianMillis() / reference, s.medianCpuMillis() * 1000 / calls ) );
		}
		line( "" );
		Map<String, Double> micros = new LinkedHashMap<>();
		for ( Variant variant : variants ) {
			micros.put( variant.title(), stats.get( variant.id() ).medianMillis() * 1000 / calls );
		}
		latency.put( where.isEmpty() ? "loopback" : "through the proxy (+" + integer( "pgextra.bench.delayMicros", 250 ) + " µs each way)", micros );
		double ratio = stats.get( "pgx-upsert" ).medianMillis() / reference;
		if ( mode.equals( "smoke" ) ) {
			return; // a cold JVM and a handful of calls: the times say nothing, the checks passed
		}
		double wanted = where.isEmpty() ? 0.6 : 0.5;
		line( String.format( Locale.ROOT, "Target: upsert latency ≤ %.1fx find-then-persist%s: %.2fx, %s (median of the per-repetition"
				+ " ratios: %s); statements per upsert: %.3f", wanted, where.isEmpty() ? " on loopback" : " through the proxy",
				ratio, ratio <= wanted ? "met" : missedBy( ( ratio / wanted - 1 ) * 100 ),
				paired( stats.get( "pgx-upsert" ), stats.get( "find-then-persist" ) ),
				(double) stats.get( "pgx-upsert" ).medianStatements() / calls ) );
		line( "" );
	}

	// ---------------------------------------------------------------------------------------- memory

	private void memory(int rows) throws Exception {
		Workload workload = new Workload( rows, true, 42 );
		Map<String, Long> preloaded = reset( workload );
		// entities (bulkUpsert → ids), the form a JPA application holds a million rows in, or maps (bulkUpsertMaps,
		// which returns a copy of every map with its id): -Dpgextra.bench.memoryInput=entities|maps
		boolean maps = System.getProperty( "pgextra.bench.memoryInput", "entities" ).equals( "maps" );
		// held in a list so that the input can be dropped before the check, which needs memory of its own
		List<List<?>> input = new ArrayList<>( List.of( maps ? workload.maps() : workload.entities() ) );
		long[] serverPeakKb = { -1, -1 };
		Variant variant = maps ? new PgxIdsMaps() : new PgxIdsEntities();
		System.gc();
		long liveBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		for ( MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans() ) {
			pool.resetPeakUsage();
		}
		long gcBefore = gcMillis();
		long[] liveAfterGc = { 0 };
		List<Runnable> unsubscribe = watchLiveHeap( liveAfterGc );
		long statementsBefore = statements.get();
		long start = System.nanoTime();
		long[] ids = inTransaction( em -> {
			@SuppressWarnings("unchecked")
			List<?> out = maps
					? PgExtraEntityManager.of( em ).bulkUpsertMaps( BenchItem.class, SKU, (List<Map<String, Object>>) input.get( 0 ) )
					: PgExtraEntityManager.of( em ).<BenchItem, Long>bulkUpsert( BenchItem.class, SKU, (List<BenchItem>) input.get( 0 ) );
			long[] backend = backendMemoryKb( em );
			serverPeakKb[0] = backend[0];
			serverPeakKb[1] = backend[1];
			return ids( out, row -> row instanceof Map<?, ?> map ? map.get( "id" ) : row );
		} );
		long elapsed = System.nanoTime() - start;
		long prepared = statements.get() - statementsBefore;
		long heapPeak = 0;
		for ( MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans() ) {
			if ( pool.getType() == MemoryType.HEAP ) {
				heapPeak += pool.getPeakUsage().getUsed();
			}
		}
		long gc = gcMillis() - gcBefore;
		unsubscribe.forEach( Runnable::run );
		input.clear();
		check( variant, workload, ids, preloaded );
		line( "## Memory: " + ( maps ? "bulkUpsertMaps" : "bulkUpsert" ) + " of " + String.format( Locale.ROOT, "%,d", rows )
				+ ( maps ? " rows (maps, half present, the maps returned with their ids)" : " rows (entities, half present, ids returned)" ) );
		line( "" );
		line( String.format( Locale.ROOT, "- completed and checked in %.1f s with a max heap of %d MiB", elapsed / 1e9,
				Runtime.getRuntime().maxMemory() / ( 1024 * 1024 ) ) );
		line( String.format( Locale.ROOT, "- heap peak (sum of the pools' peaks, input included): %d MiB; GC time during the call: %d ms",
				heapPeak / ( 1024 * 1024 ), gc ) );
		line( String.format( Locale.ROOT, "- heap in use before the call, after a full GC (the input and the harness's own copy of the values it checks): %d MiB",
				liveBefore / ( 1024 * 1024 ) ) );
		line( String.format( Locale.ROOT, "- largest heap in use after a GC during the call (live data, input included): %d MiB",
				liveAfterGc[0] / ( 1024 * 1024 ) ) );
		line( "- statements Hibernate prepared: " + prepared );
		line( "- server backend at the end of the call: peak resident memory (VmHWM, includes the shared buffers it"
				+ " touched) " + ( serverPeakKb[0] < 0 ? "not readable (server not local)" : serverPeakKb[0] / 1024 + " MiB" )
				+ ", private memory (RssAnon) " + ( serverPeakKb[1] < 0 ? "not readable" : serverPeakKb[1] / 1024 + " MiB" ) );
		line( "" );
	}

	private static long gcMillis() {
		long total = 0;
		for ( GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans() ) {
			total += Math.max( 0, gc.getCollectionTime() );
		}
		return total;
	}

	/** {VmHWM, RssAnon} in KiB of this session's backend process, when the server runs on this machine. */
	private static long[] backendMemoryKb(EntityManager em) {
		Number pid = (Number) em.createNativeQuery( "SELECT pg_backend_pid()" ).getSingleResult();
		long[] kb = { -1, -1 };
		try {
			for ( String l : Files.readAllLines( Path.of( "/proc", pid.toString(), "status" ) ) ) {
				if ( l.startsWith( "VmHWM:" ) ) {
					kb[0] = Long.parseLong( l.replaceAll( "[^0-9]", "" ) );
				}
				else if ( l.startsWith( "RssAnon:" ) ) {
					kb[1] = Long.parseLong( l.replaceAll( "[^0-9]", "" ) );
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// not local, or not readable
		}
		return kb;
	}

	/** Records the largest heap in use right after any GC: the live data, whatever the collector left lying around. */
	private static List<Runnable> watchLiveHeap(long[] max) {
		List<Runnable> unsubscribe = new ArrayList<>();
		java.util.Set<String> heapPools = new java.util.HashSet<>();
		for ( MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans() ) {
			if ( pool.getType() == MemoryType.HEAP ) {
				heapPools.add( pool.getName() );
			}
		}
		for ( GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans() ) {
			if ( gc instanceof javax.management.NotificationEmitter emitter ) {
				javax.management.NotificationListener listener = (notification, handback) -> {
					if ( notification.getUserData() instanceof javax.management.openmbean.CompositeData data ) {
						long used = 0;
						var info = com.sun.management.GarbageCollectionNotificationInfo.from( data );
						for ( var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet() ) {
							// the heap's pools only: the map also has Metaspace and the code cache (about 90 MiB)
							if ( heapPools.contains( pool.getKey() ) ) {
								used += pool.getValue().getUsed();
							}
						}
						synchronized ( max ) {
							max[0] = Math.max( max[0], used );
						}
					}
				};
				emitter.addNotificationListener( listener, null, null );
				unsubscribe.add( () -> {
					try {
						emitter.removeNotificationListener( listener );
					}
					catch (javax.management.ListenerNotFoundException e) {
						// gone already
					}
				} );
			}
		}
		return unsubscribe;
	}

	// ---------------------------------------------------------------------------------------- variants

	/** 1. bulkUpsert from maps, returning the input merged with ids. The reference of the ratios. */
	private final class PgxIdsMaps implements Variant {
		public String id() {
			return REFERENCE;
		}

		public String title() {
			return "pgextra bulkUpsert → ids (maps)";
		}

		public Timed prepare(Workload workload) {
			List<Map<String, Object>> maps = workload.maps();
			return () -> inTransaction( em -> ids( PgExtraEntityManager.of( em ).bulkUpsertMaps( BenchItem.class, SKU, maps ),
					row -> ( (Map<?, ?>) row ).get( "id" ) ) );
		}
	}

	/** bulkUpsert from maps, returning ids, COPY turned off: the arrays path at every size (the threshold's measure). */
	private final class PgxIdsMapsUnnest implements Variant {
		public String id() {
			return "pgx-ids-maps-unnest";
		}

		public String title() {
			return "pgextra bulkUpsert → ids (maps), COPY off (copy_threshold 0: unnest arrays at every size)";
		}

		public Timed prepare(Workload workload) {
			List<Map<String, Object>> maps = workload.maps();
			SessionFactory unnest = unnestFactory();
			return () -> inTransaction( unnest, em -> ids( PgExtraEntityManager.of( em ).bulkUpsertMaps( BenchItem.class, SKU, maps ),
					row -> ( (Map<?, ?>) row ).get( "id" ) ) );
		}
	}

	/** 1. bulkUpsert from transient entities, returning ids. */
	private final class PgxIdsEntities implements Variant {
		public String id() {
			return "pgx-ids-entities";
		}

		public String title() {
			return "pgextra bulkUpsert → ids (entities)";
		}

		public Timed prepare(Workload workload) {
			List<BenchItem> entities = workload.entities();
			return () -> inTransaction( em -> {
				List<Long> ids = PgExtraEntityManager.of( em ).bulkUpsert( BenchItem.class, SKU, entities );
				return ids( ids, id -> id );
			} );
		}
	}

	/** 2. bulk upsert returning managed entities (from maps). */
	private final class PgxManaged implements Variant {
		public String id() {
			return "pgx-managed";
		}

		public String title() {
			return "pgextra bulkInsertAndGet → managed entities (maps)";
		}

		public Timed prepare(Workload workload) {
			List<Map<String, Object>> maps = workload.maps();
			return () -> inTransaction( em -> {
				List<BenchItem> items = PgExtraEntityManager.of( em ).onConflict( BenchItem.class, SKU, ConflictAction.UPDATE )
						.bulkInsertMapsAndGet( maps );
				return ids( items, item -> ( (BenchItem) item ).getId() );
			} );
		}
	}

	/**
	 * 3. What a JPA user's save() loop does at its best: per chunk of 1,000 rows, one query loads the existing rows
	 * by key, found rows are modified and missing ones persisted, then flush (batched inserts and updates) and clear
	 * (so that later flushes do not dirty-check ever more entities).
	 */
	private final class EntityManagerLoop implements Variant {
		public String id() {
			return "em-loop";
		}

		public String title() {
			return "Hibernate EntityManager: load by key, persist / update, batched";
		}

		public Timed prepare(Workload workload) {
			List<BenchItem> input = workload.entities();
			return () -> inTransaction( em -> {
				long[] ids = new long[input.size()];
				for ( int from = 0; from < input.size(); from += CHUNK ) {
					List<BenchItem> chunk = input.subList( from, Math.min( input.size(), from + CHUNK ) );
					List<String> skus = new ArrayList<>( chunk.size() );
					for ( BenchItem item : chunk ) {
						skus.add( item.getSku() );
					}
					Map<String, BenchItem> existing = new HashMap<>();
					for ( BenchItem item : em.createQuery( "from BenchItem where sku in :skus", BenchItem.class )
							.setParameter( "skus", skus ).getResultList() ) {
						existing.put( item.getSku(), item );
					}
					BenchItem[] saved = new BenchItem[chunk.size()];
					for ( int i = 0; i < chunk.size(); i++ ) {
						BenchItem item = chunk.get( i );
						BenchItem found = existing.get( item.getSku() );
						if ( found == null ) {
							em.persist( item );
							saved[i] = item;
						}
						else {
							found.assign( item.getQuantity(), item.getLabel(), item.getUpdatedAt() );
							saved[i] = found;
						}
					}
					em.flush();
					em.clear();
					for ( int i = 0; i < saved.length; i++ ) {
						ids[from + i] = saved[i].getId();
					}
				}
				return ids;
			} );
		}
	}

	/**
	 * 4. Hibernate's own upsert: StatelessSession.upsertMultiple (a MERGE per row, batched) is keyed by the primary
	 * key, so per chunk one query maps keys to existing ids and new rows get ids from the entity's generator, as
	 * StatelessSession.insert would give them.
	 */
	private final class StatelessUpsert implements Variant {
		public String id() {
			return "stateless-upsert";
		}

		public String title() {
			return "Hibernate StatelessSession.upsertMultiple (ids looked up / generated)";
		}

		public Timed prepare(Workload workload) {
			List<BenchItem> input = workload.entities();
			return () -> {
				try ( StatelessSession session = factory.openStatelessSession() ) {
					SharedSessionContractImplementor implementor = (SharedSessionContractImplementor) session;
					EntityPersister persister = implementor.getFactory().getMappingMetamodel().getEntityDescriptor( BenchItem.class );
					BeforeExecutionGenerator generator = (BeforeExecutionGenerator) persister.getGenerator();
					session.getTransaction().begin();
					long[] ids = new long[input.size()];
					for ( int from = 0; from < input.size(); from += CHUNK ) {
						List<BenchItem> chunk = input.subList( from, Math.min( input.size(), from + CHUNK ) );
						List<String> skus = new ArrayList<>( chunk.size() );
						for ( BenchItem item : chunk ) {
							skus.add( item.getSku() );
						}
						Map<String, Long> existing = new HashMap<>();
						for ( Object[] row : session.createSelectionQuery( "select sku, id from BenchItem where sku in :skus", Object[].class )
								.setParameter( "skus", skus ).getResultList() ) {
							existing.put( (String) row[0], (Long) row[1] );
						}
						for ( int i = 0; i < chunk.size(); i++ ) {
							BenchItem item = chunk.get( i );
							Long id = existing.get( item.getSku() );
							if ( id == null ) {
								id = (Long) generator.generate( implementor, item, null, EventType.INSERT );
							}
							item.setId( id );
							ids[from + i] = id;
						}
						session.upsertMultiple( chunk );
					}
					session.getTransaction().commit();
					return ids;
				}
			};
		}
	}

	/** 5. Hand-written JDBC: one batched INSERT ... ON CONFLICT DO UPDATE, rewritten by the driver; no ids back. */
	private final class JdbcBatch implements Variant {
		public String id() {
			return "jdbc-batch";
		}

		public String title() {
			return "hand-written JDBC batch ×" + CHUNK + ", INSERT ... ON CONFLICT (no ids)";
		}

		public boolean returnsIds() {
			return false;
		}

		public boolean hibernate() {
			return false;
		}

		public Timed prepare(Workload workload) {
			return () -> {
				try ( PreparedStatement ps = jdbc.prepareStatement( "INSERT INTO bench_item (sku, quantity, label, updated_at)"
						+ " VALUES (?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET quantity = EXCLUDED.quantity,"
						+ " label = EXCLUDED.label, updated_at = EXCLUDED.updated_at" ) ) {
					for ( int i = 0; i < workload.n; i++ ) {
						ps.setString( 1, workload.sku[i] );
						ps.setInt( 2, workload.quantity[i] );
						ps.setString( 3, workload.label[i] );
						ps.setObject( 4, workload.updatedAt[i] );
						ps.addBatch();
						if ( ( i + 1 ) % CHUNK == 0 ) {
							ps.executeBatch();
						}
					}
					ps.executeBatch();
				}
				jdbc.commit();
				return null;
			};
		}
	}

	/** 6. The limit: COPY of the same rows (ids included) into an empty table with the same indexes. */
	private final class Copy implements Variant {
		public String id() {
			return "copy";
		}

		public String title() {
			return "COPY into an empty table (the limit)";
		}

		public boolean returnsIds() {
			return false;
		}

		public boolean copyTable() {
			return true;
		}

		public boolean hibernate() {
			return false;
		}

		public Timed prepare(Workload workload) {
			return () -> {
				CopyIn copy = jdbc.unwrap( PGConnection.class ).getCopyAPI()
						.copyIn( "COPY bench_copy (id, sku, quantity, label, updated_at) FROM STDIN" );
				try {
					StringBuilder text = new StringBuilder( 64 * 1024 + 256 );
					for ( int i = 0; i < workload.n; i++ ) {
						copyLine( text, i + 1, workload.sku[i], workload.quantity[i], workload.label[i], workload.updatedAt[i] );
						if ( text.length() >= 64 * 1024 ) {
							byte[] bytes = text.toString().getBytes( StandardCharsets.UTF_8 );
							copy.writeToCopy( bytes, 0, bytes.length );
							text.setLength( 0 );
						}
					}
					byte[] bytes = text.toString().getBytes( StandardCharsets.UTF_8 );
					copy.writeToCopy( bytes, 0, bytes.length );
					copy.endCopy();
				}
				finally {
					if ( copy.isActive() ) {
						copy.cancelCopy();
					}
				}
				jdbc.commit();
				return null;
			};
		}
	}

	/** Single row: our upsert from a map, one call per row, returning the id. */
	private final class SingleUpsert implements Variant {
		public String id() {
			return "pgx-upsert";
		}

		public String title() {
			return "pgextra upsert (map) → id";
		}

		public Timed prepare(Workload workload) {
			List<Map<String, Object>> maps = workload.maps();
			return () -> inTransaction( em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );
				long[] ids = new long[maps.size()];
				for ( int i = 0; i < ids.length; i++ ) {
					Long id = pg.upsert( BenchItem.class, SKU, maps.get( i ) );
					ids[i] = id;
				}
				return ids;
			} );
		}
	}

	/** Single row: our upsert from a transient entity. */
	private final class SingleUpsertEntity implements Variant {
		public String id() {
			return "pgx-upsert-entity";
		}

		public String title() {
			return "pgextra upsert (entity) → id";
		}

		public Timed prepare(Workload workload) {
			List<BenchItem> entities = workload.entities();
			return () -> inTransaction( em -> {
				PgExtraEntityManager pg = PgExtraEntityManager.of( em );
				long[] ids = new long[entities.size()];
				for ( int i = 0; i < ids.length; i++ ) {
					Long id = pg.upsert( SKU, entities.get( i ) );
					ids[i] = id;
				}
				return ids;
			} );
		}
	}

	/** Single row: find by key, then persist or modify; flush so that the write happens in the call, as ours does. */
	private final class FindThenPersist implements Variant {
		public String id() {
			return "find-then-persist";
		}

		public String title() {
			return "Hibernate find by key, then persist / update, flush";
		}

		public Timed prepare(Workload workload) {
			List<BenchItem> input = workload.entities();
			return () -> inTransaction( em -> {
				long[] ids = new long[input.size()];
				for ( int i = 0; i < ids.length; i++ ) {
					BenchItem item = input.get( i );
					List<BenchItem> found = em.createQuery( "from BenchItem where sku = :sku", BenchItem.class )
							.setParameter( "sku", item.getSku() ).getResultList();
					BenchItem saved;
					if ( found.isEmpty() ) {
						em.persist( item );
						saved = item;
					}
					else {
						saved = found.get( 0 );
						saved.assign( item.getQuantity(), item.getLabel(), item.getUpdatedAt() );
					}
					em.flush();
					// a service call that leaves nothing behind: later flushes do not dirty-check it again
					em.clear();
					ids[i] = saved.getId();
				}
				return ids;
			} );
		}
	}
}
