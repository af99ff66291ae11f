package io.scorehouse.scoring.train

import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier
import org.apache.spark.ml.param.{Param, ParamMap}
import org.apache.spark.ml.util.Identifiable

/**
 * An XGBoostClassifier whose trainer prints no per-round evaluation lines
 * ("[hh:mm:ss] [n] train-logloss:..."): xgboost4j prints them unless the booster params say
 * verbose_eval=false, and the Spark estimator passes on only the params it declares, so this
 * subclass declares that one. The model it fits is XGBoost4J-Spark's own.
 */
final class QuietXGBoostClassifier(uid: String) extends XGBoostClassifier(uid) {

  def this() = this(Identifiable.randomUID("quietXgbc"))

  final val verbose_eval: Param[String] =
    new Param[String](this, "verbose_eval", "print the evaluation every n rounds; false: never")

  set(verbose_eval, "false")

  override def copy(extra: ParamMap): QuietXGBoostClassifier = defaultCopy(extra)
}
