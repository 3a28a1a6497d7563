package io.pgextra.hibernate.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a run, drawn by XChart (log axes, legend and PNG output of a small, maintained library rather than
 * a hand-made Java2D plotter), headless.
 */
final class Charts {

	private Charts() {
	}

	/** Fourteen colours told apart on white (one per variant, in the order of the report). */
	private static final Color[] COLORS = {
			new Color( 0x1f, 0x3f, 0xd0 ), new Color( 0x4a, 0x90, 0xe2 ), new Color( 0x7b, 0x2c, 0xbf ), new Color( 0x2c, 0xa0, 0x2c ),
			new Color( 0x98, 0xdf, 0x8a ), new Color( 0xff, 0x7f, 0x0e ), new Color( 0xd6, 0x27, 0x28 ), new Color( 0x8c, 0x56, 0x4b ),
			new Color( 0xe3, 0x77, 0xc2 ), new Color( 0xbc, 0xbd, 0x22 ), new Color( 0x17, 0xbe, 0xcf ), new Color( 0x55, 0x55, 0x55 ),
			new Color( 0xff, 0xbb, 0x78 ), new Color( 0x00, 0x00, 0x00 ), new Color( 0x9e, 0xc5, 0xf8 ) };

	/** A variant keeps its colour whichever subset runs. */
	private static final List<String> ORDER = List.of( Bench.REFERENCE, "pgx-ids-entities", "pgx-managed", "jooq-values",
			"jooq-batch", "jdbc-unnest-ids", "jdbc-copy-ids", "jdbc-batch", "hql-values", "hql-row", "em-loop", "spring-saveall",
			"stateless-upsert", "copy", "pgx-ids-maps-unnest" );

	/** Short names for the legend; the report's tables have the long ones. */
	static String label(String id, String title) {
		return switch ( id ) {
			case Bench.REFERENCE -> "pgextra bulkUpsert → ids (maps)";
			case "pgx-ids-entities" -> "pgextra bulkUpsert → ids (entities)";
			case "pgx-managed" -> "pgextra → managed entities";
			case "jooq-values" -> "jOOQ multi-row VALUES → ids";
			case "jooq-batch" -> "jOOQ batch API (no ids)";
			case "jdbc-unnest-ids" -> "JDBC unnest arrays → ids";
			case "jdbc-copy-ids" -> "JDBC COPY to temp + INSERT → ids";
			case "jdbc-batch" -> "JDBC batch (no ids)";
			case "hql-values" -> "HQL insert on conflict ×1000 (no ids)";
			case "hql-row" -> "HQL insert on conflict per row (no ids)";
			case "em-loop" -> "EntityManager find + persist loop";
			case "spring-saveall" -> "Spring Data findBySkuIn + saveAll";
			case "stateless-upsert" -> "StatelessSession.upsertMultiple";
			case "copy" -> "COPY into an empty table (limit)";
			case "pgx-ids-maps-unnest" -> "pgextra bulkUpsert → ids (maps), COPY off";
			default -> title;
		};
	}

	/** Rows/s against rows, log-log, one line per variant (half present). */
	static void throughput(Path png, String subtitle, Map<Integer, Map<String, Stats>> bySize, List<Bench.Variant> variants)
			throws IOException {
		XYChart chart = new XYChartBuilder().width( 1300 ).height( 760 )
				.title( "Upsert throughput, half of the keys present (" + subtitle + "); dashed: no ids returned" )
				.xAxisTitle( "rows per call" ).yAxisTitle( "rows/s (median)" ).build();
		chart.getStyler().setXAxisLogarithmic( true );
		chart.getStyler().setYAxisLogarithmic( true );
		chart.getStyler().setLegendPosition( Styler.LegendPosition.OutsideE );
		chart.getStyler().setChartBackgroundColor( Color.WHITE );
		chart.getStyler().setPlotGridLinesVisible( true );
		chart.getStyler().setMarkerSize( 8 );
		// a log axis labels decades only: span whole decades so that at least two are labelled
		chart.getStyler().setXAxisDecimalPattern( "#,###" );
		chart.getStyler().setYAxisDecimalPattern( "#,###" );
		double min = Double.MAX_VALUE;
		double max = 0;
		for ( Bench.Variant variant : variants ) {
			List<Double> x = new ArrayList<>();
			List<Double> y = new ArrayList<>();
			for ( Map.Entry<Integer, Map<String, Stats>> entry : bySize.entrySet() ) {
				Stats s = entry.getValue().get( variant.id() );
				if ( s != null && s.count() > 0 ) {
					x.add( (double) entry.getKey() );
					y.add( entry.getKey() / ( s.medianMillis() / 1000 ) );
				}
			}
			for ( double v : y ) {
				min = Math.min( min, v );
				max = Math.max( max, v );
			}
			if ( !x.isEmpty() ) {
				var series = chart.addSeries( label( variant.id(), variant.title() ) + ( variant.returnsIds() ? "" : " - - -" ), x, y );
				Color color = COLORS[Math.max( 0, ORDER.indexOf( variant.id() ) ) % COLORS.length];
				series.setLineColor( color );
				series.setMarkerColor( color );
				series.setMarker( variant.id().startsWith( "pgx" ) ? SeriesMarkers.DIAMOND
						: variant.returnsIds() ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE );
				// our variants thick; variants that return no ids dashed (they do less than ours)
				series.setLineWidth( variant.id().startsWith( "pgx" ) ? 4f : 2f );
				if ( !variant.returnsIds() ) {
					series.setLineStyle( SeriesLines.DASH_DASH );
				}
			}
		}
		if ( max > 0 ) {
			chart.getStyler().setYAxisMin( Math.pow( 10, Math.floor( Math.log10( min ) ) ) );
			chart.getStyler().setYAxisMax( Math.pow( 10, Math.ceil( Math.log10( max ) ) ) );
		}
		BitmapEncoder.saveBitmap( chart, strip( png ), BitmapEncoder.BitmapFormat.PNG );
	}

	/**
	 * Single-row latency, one panel per place (loopback, through the delay proxy), each on its own linear scale: a
	 * bar per variant, µs per call (median).
	 */
	static void latency(Path png, Map<String, Map<String, Double>> byPlace) throws IOException {
		List<BufferedImage> panels = new ArrayList<>();
		for ( Map.Entry<String, Map<String, Double>> place : byPlace.entrySet() ) {
			CategoryChart chart = new CategoryChartBuilder().width( 650 ).height( 520 )
					.title( "Single-row upsert latency, " + place.getKey() )
					.xAxisTitle( "" ).yAxisTitle( "µs per call (median)" ).build();
			chart.getStyler().setLegendVisible( false );
			chart.getStyler().setChartBackgroundColor( Color.WHITE );
			chart.getStyler().setLabelsVisible( true );
			chart.getStyler().setLabelsPosition( 0.5 );
			chart.getStyler().setXAxisLabelRotation( 0 );
			List<String> names = new ArrayList<>();
			List<Double> values = new ArrayList<>();
			for ( Map.Entry<String, Double> v : place.getValue().entrySet() ) {
				names.add( shortSingle( v.getKey() ) );
				values.add( Math.round( v.getValue() * 10 ) / 10.0 );
			}
			chart.addSeries( "µs per call", names, values );
			panels.add( BitmapEncoder.getBufferedImage( chart ) );
		}
		if ( panels.isEmpty() ) {
			return;
		}
		int width = panels.stream().mapToInt( BufferedImage::getWidth ).sum();
		int height = panels.stream().mapToInt( BufferedImage::getHeight ).max().orElse( 1 );
		BufferedImage all = new BufferedImage( width, height, BufferedImage.TYPE_INT_RGB );
		Graphics2D g = all.createGraphics();
		g.setColor( Color.WHITE );
		g.fillRect( 0, 0, width, height );
		int x = 0;
		for ( BufferedImage panel : panels ) {
			g.drawImage( panel, x, 0, null );
			x += panel.getWidth();
		}
		g.dispose();
		ImageIO.write( all, "png", png.toFile() );
	}

	private static String shortSingle(String title) {
		if ( title.startsWith( "pgextra upsert (map)" ) ) {
			return "pgextra upsert (map)";
		}
		if ( title.startsWith( "pgextra upsert (entity)" ) ) {
			return "pgextra upsert (entity)";
		}
		if ( title.startsWith( "Hibernate find" ) ) {
			return "find-then-persist";
		}
		return title;
	}

	/** XChart appends the extension itself. */
	private static String strip(Path png) {
		String name = png.toString();
		return name.endsWith( ".png" ) ? name.substring( 0, name.length() - 4 ) : name;
	}
}
