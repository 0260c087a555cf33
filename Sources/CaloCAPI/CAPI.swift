import CaloApp
import CaloGAN
import CaloSupport
