package io.pgextra.hibernate.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The rows of one benchmark run, as plain arrays so that every variant starts from the same data and builds its own
 * input (maps, entities, JDBC parameters, COPY text) outside the timed part.
 * <p>
 * Keys are distinct pseudo-random base-36 strings ({@code sku-...}, an odd multiplier is a bijection on 64 bits), so
 * input order is not key order and index insertions land all over the unique index, as with real natural keys. In
 * the {@code half} scenario, the rows at even input positions are preloaded with older values: half of the input
 * updates an existing row, the other half inserts one.
 */
final class Workload {

	private static final OffsetDateTime BASE = OffsetDateTime.of( 2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC );

	final int n;
	final boolean half;
	final String[] sku;
	final int[] quantity;
	final String[] label;
	final OffsetDateTime[] updatedAt;

	Workload(int n, boolean half, long seed) {
		this.n = n;
		this.half = half;
		sku = new String[n];
		quantity = new int[n];
		label = new String[n];
		updatedAt = new OffsetDateTime[n];
		SplittableRandom random = new SplittableRandom( seed );
		for ( int i = 0; i < n; i++ ) {
			sku[i] = "sku-" + Long.toUnsignedString( ( i + 1L ) * 0x9E3779B97F4A7C15L, 36 );
			quantity[i] = random.nextInt( 1_000_000 );
			label[i] = "label " + Long.toString( random.nextLong( 1L << 40 ), 36 );
			// microsecond precision, as timestamptz stores it
			updatedAt[i] = BASE.plusSeconds( random.nextInt( 86_400 * 365 ) ).plusNanos( random.nextInt( 1_000_000 ) * 1_000L );
		}
	}

	String scenario() {
		return half ? "half present" : "all new";
	}

	boolean present(int i) {
		return half && i % 2 == 0;
	}

	/** The value a preloaded row holds before the run: different from the input, so that an update shows. */
	int oldQuantity(int i) {
		return quantity[i] + 1;
	}

	String oldLabel(int i) {
		return "old " + label[i];
	}

	OffsetDateTime oldUpdatedAt(int i) {
		return updatedAt[i].minusDays( 30 );
	}

	List<Map<String, Object>> maps() {
		List<Map<String, Object>> maps = new ArrayList<>( n );
		for ( int i = 0; i < n; i++ ) {
			maps.add( Map.of( "sku", sku[i], "quantity", quantity[i], "label", label[i], "updatedAt", updatedAt[i] ) );
		}
		return maps;
	}

	List<BenchItem> entities() {
		List<BenchItem> entities = new ArrayList<>( n );
		for ( int i = 0; i < n; i++ ) {
			entities.add( new BenchItem( sku[i], quantity[i], label[i], updatedAt[i] ) );
		}
		return entities;
	}
}
