package io.pgextra.hibernate.internal.signals;

import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.hibernate.query.sqm.internal.SqmQueryImpl;

import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.CacheStoreMode;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Parameter;
import jakarta.persistence.Query;
import jakarta.persistence.TemporalType;

/**
 * A bulk {@code update} or {@code delete} whose rows have receivers: the delegate's query, with an
 * {@code executeUpdate()} that sends the signals. Every other method is the delegate's; the fluent ones return this
 * wrapper, so that a chain of {@code setParameter(...)} ends at the signalling {@code executeUpdate()}.
 * {@code unwrap} reaches the delegate, whose own {@code executeUpdate()} sends no signal.
 */
@SuppressWarnings("deprecation") // Query's temporal setParameter overloads: delegated like every other method
final class SignalingQuery implements Query {

	private final SqmQueryImpl<?> delegate;
	private final SignalRegistry registry;

	SignalingQuery(SqmQueryImpl<?> delegate, SignalRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public int executeUpdate() {
		return BulkSignals.executeUpdate( delegate, registry );
	}

	@Override
	public String toString() {
		return "SignalingQuery[" + delegate + "]";
	}

	// ---- delegated unchanged ----

	@Override
	@SuppressWarnings("rawtypes")
	public List getResultList() {
		return delegate.getResultList();
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Stream getResultStream() {
		return delegate.getResultStream();
	}

	@Override
	public Object getSingleResult() {
		return delegate.getSingleResult();
	}

	@Override
	public Object getSingleResultOrNull() {
		return delegate.getSingleResultOrNull();
	}

	@Override
	public Query setMaxResults(int maxResult) {
		delegate.setMaxResults( maxResult );
		return this;
	}

	@Override
	public int getMaxResults() {
		return delegate.getMaxResults();
	}

	@Override
	public Query setFirstResult(int startPosition) {
		delegate.setFirstResult( startPosition );
		return this;
	}

	@Override
	public int getFirstResult() {
		return delegate.getFirstResult();
	}

	@Override
	public Query setHint(String hintName, Object value) {
		delegate.setHint( hintName, value );
		return this;
	}

	@Override
	public Map<String, Object> getHints() {
		return delegate.getHints();
	}

	@Override
	public <T> Query setParameter(Parameter<T> param, T value) {
		delegate.setParameter( param, value );
		return this;
	}

	@Override
	public Query setParameter(Parameter<Calendar> param, Calendar value, TemporalType temporalType) {
		delegate.setParameter( param, value, temporalType );
		return this;
	}

	@Override
	public Query setParameter(Parameter<Date> param, Date value, TemporalType temporalType) {
		delegate.setParameter( param, value, temporalType );
		return this;
	}

	@Override
	public Query setParameter(String name, Object value) {
		delegate.setParameter( name, value );
		return this;
	}

	@Override
	public Query setParameter(String name, Calendar value, TemporalType temporalType) {
		delegate.setParameter( name, value, temporalType );
		return this;
	}

	@Override
	public Query setParameter(String name, Date value, TemporalType temporalType) {
		delegate.setParameter( name, value, temporalType );
		return this;
	}

	@Override
	public Query setParameter(int position, Object value) {
		delegate.setParameter( position, value );
		return this;
	}

	@Override
	public Query setParameter(int position, Calendar value, TemporalType temporalType) {
		delegate.setParameter( position, value, temporalType );
		return this;
	}

	@Override
	public Query setParameter(int position, Date value, TemporalType temporalType) {
		delegate.setParameter( position, value, temporalType );
		return this;
	}

	@Override
	public Set<Parameter<?>> getParameters() {
		return delegate.getParameters();
	}

	@Override
	public Parameter<?> getParameter(String name) {
		return delegate.getParameter( name );
	}

	@Override
	public <T> Parameter<T> getParameter(String name, Class<T> type) {
		return delegate.getParameter( name, type );
	}

	@Override
	public Parameter<?> getParameter(int position) {
		return delegate.getParameter( position );
	}

	@Override
	public <T> Parameter<T> getParameter(int position, Class<T> type) {
		return delegate.getParameter( position, type );
	}

	@Override
	public boolean isBound(Parameter<?> param) {
		return delegate.isBound( param );
	}

	@Override
	public <T> T getParameterValue(Parameter<T> param) {
		return delegate.getParameterValue( param );
	}

	@Override
	public Object getParameterValue(String name) {
		return delegate.getParameterValue( name );
	}

	@Override
	public Object getParameterValue(int position) {
		return delegate.getParameterValue( position );
	}

	@Override
	public Query setFlushMode(FlushModeType flushMode) {
		delegate.setFlushMode( flushMode );
		return this;
	}

	@Override
	public FlushModeType getFlushMode() {
		return delegate.getFlushMode();
	}

	@Override
	public Query setLockMode(LockModeType lockMode) {
		delegate.setLockMode( lockMode );
		return this;
	}

	@Override
	public LockModeType getLockMode() {
		return delegate.getLockMode();
	}

	@Override
	public Query setCacheRetrieveMode(CacheRetrieveMode cacheRetrieveMode) {
		delegate.setCacheRetrieveMode( cacheRetrieveMode );
		return this;
	}

	@Override
	public Query setCacheStoreMode(CacheStoreMode cacheStoreMode) {
		delegate.setCacheStoreMode( cacheStoreMode );
		return this;
	}

	@Override
	public CacheRetrieveMode getCacheRetrieveMode() {
		return delegate.getCacheRetrieveMode();
	}

	@Override
	public CacheStoreMode getCacheStoreMode() {
		return delegate.getCacheStoreMode();
	}

	@Override
	public Query setTimeout(Integer timeout) {
		delegate.setTimeout( timeout );
		return this;
	}

	@Override
	public Integer getTimeout() {
		return delegate.getTimeout();
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		if ( type.isInstance( this ) ) {
			return type.cast( this );
		}
		return delegate.unwrap( type );
	}
}
